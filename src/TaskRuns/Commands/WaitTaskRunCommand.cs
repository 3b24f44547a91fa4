using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until task runs end and outputs each final run as soon as it ends.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "TaskRun", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(TaskRun))]
    public sealed class WaitTaskRunCommand : TaskRunReferenceCommandBase, IDynamicParameters
    {
        private readonly WaitParameters _wait = new();
        private readonly List<TaskRun> _runs = new();
        private WaitReporter? _reporter;

        /// <summary>Returns as soon as one of the runs ends and outputs only that run; the others are not waited for.</summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        /// <summary>-Timeout, -PollInterval, -IncludeWaitingForInput and -ErrorOnFailure, shared with Start-TaskRun.</summary>
        public WaitParameters GetDynamicParameters() => _wait;

        object IDynamicParameters.GetDynamicParameters() => _wait;

        /// <inheritdoc/>
        protected override Task BeginProcessingAsync()
        {
            _reporter = WaitReporter.Begin(this, Clients, _wait.ToOptions(Any.IsPresent), InputFor);
            return Task.CompletedTask;
        }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync()
        {
            _runs.AddRange(CurrentRuns());
            return Task.CompletedTask;
        }

        /// <inheritdoc/>
        protected override Task EndProcessingAsync() => RunForInputAsync(WaitAsync, null);

        private Task WaitAsync() => _reporter!.WaitAsync(_runs);
    }
}
