using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Completion;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Asks providers to stop (cancel) task runs.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "TaskRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputSet)]
    [OutputType(typeof(TaskRun))]
    public sealed class StopTaskRunCommand : TaskRunConnectionCommandBase
    {
        private const string InputSet = "InputObject";
        private const string ByIdSet = "ById";

        /// <summary>Runs to stop: TaskRun objects from Get-TaskRun or Start-TaskRun, or any objects with Provider, Id and TaskId properties.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        // Stored as int: PowerShell loads every public type of TaskRuns.dll (GetExportedTypes) before the module initializer
        // runs, and an enum field would force TaskRuns.Engine to load before its resolver is registered.
        private int _provider;

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get => (TaskRunProvider)_provider; set => _provider = (int)value; }

        /// <summary>Ids of the runs to stop, all of the provider given by -Provider.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs given by -Id, where the provider needs it (RunWisp 0.4.x daemons stop runs per task).</summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>Outputs each run's state after the stop request (often Cancelling; the provider finishes stopping it later).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override async Task ProcessRecordAsync()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in Id!) await StopOneAsync(new TaskRun { Provider = Provider, Id = id, TaskId = TaskId }).ConfigureAwait(false);
                return;
            }
            foreach (PSObject item in InputObject!)
            {
                if (RunReference.From(item) is TaskRun run) await StopOneAsync(run).ConfigureAwait(false);
                else
                    EmitError(new ErrorRecord(
                        new System.ArgumentException("Stop-TaskRun needs objects with Provider and Id properties (as Get-TaskRun outputs)."),
                        "InvalidInputObject", ErrorCategory.InvalidArgument, item));
            }
        }

        private Task StopOneAsync(TaskRun run) => RunForInputAsync(async () =>
        {
            if (!await ShouldProcessAsync($"{run.Provider} run {run.Id}", "Stop").ConfigureAwait(false)) return;
            TaskRun after = await ProviderRegistry.Get(run.Provider).StopRunAsync(ClientFor(run.Provider), run, StopToken).ConfigureAwait(false);
            EmitVerbose($"{run.Provider}: stop requested for run {run.Id}; it is now {after.ProviderStatus}.");
            if (PassThru.IsPresent) Emit(after);
        }, run);
    }
}
