using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Asks providers to stop (cancel) task runs.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "TaskRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputSet)]
    [OutputType(typeof(TaskRun))]
    public sealed class StopTaskRunCommand : TaskRunReferenceCommandBase
    {
        /// <summary>Outputs each run's state after the stop request (often Cancelling; the provider finishes stopping it later).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override async Task ProcessRecordAsync()
        {
            foreach (TaskRun run in CurrentRuns()) await StopOneAsync(run).ConfigureAwait(false);
        }

        private Task StopOneAsync(TaskRun run) => RunForInputAsync(async () =>
        {
            if (!await ShouldProcessAsync($"{run.Provider} run {run.Id}", "Stop").ConfigureAwait(false)) return;
            TaskRun after = await ProviderRegistry.Get(run.Provider).StopRunAsync(Clients.ClientFor(run.Provider), run, StopToken).ConfigureAwait(false);
            EmitVerbose($"{run.Provider}: stop requested for run {run.Id}; it is now {after.ProviderStatus}.");
            if (PassThru.IsPresent) Emit(after);
        }, InputFor(run));
    }
}
