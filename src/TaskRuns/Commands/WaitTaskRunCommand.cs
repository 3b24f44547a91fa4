using System;
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
    public sealed class WaitTaskRunCommand : TaskRunReferenceCommandBase
    {
        private readonly List<TaskRun> _runs = new();
        private WaitReporter? _reporter;

        /// <summary>
        /// How long to wait in all: a TimeSpan, a string such as "00:10:00", or a number of seconds. Default 30 minutes. Each run still
        /// unfinished then is a WaitTaskRunTimeout error whose TargetObject is the run's last known state.
        /// </summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "30 minutes")]
        public TimeSpan Timeout { get; set; } = WaitOptions.DefaultTimeout;

        /// <summary>How often each run is polled: a TimeSpan or a number of seconds, at least 100 ms. Default 5 seconds. RunWisp runs are also updated from the daemon's event stream as they change.</summary>
        [Parameter]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "5 seconds")]
        public TimeSpan PollInterval { get; set; } = WaitOptions.DefaultPollInterval;

        /// <summary>Returns as soon as one of the runs ends and outputs only that run; the others are not waited for.</summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        /// <summary>Treats a run that waits for a person (Deck interaction_required or review_required, BrowserAct paused) as finished and outputs it. Without it such a run is warned about once and waited on further.</summary>
        [Parameter]
        public SwitchParameter IncludeWaitingForInput { get; set; }

        /// <summary>Writes a TaskRunFailed error, with the run as TargetObject, instead of outputting a run that ends in Failure or Timeout.</summary>
        [Parameter]
        public SwitchParameter ErrorOnFailure { get; set; }

        /// <inheritdoc/>
        protected override Task BeginProcessingAsync()
        {
            _reporter = WaitReporter.Begin(this, Clients, Options, InputFor);
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

        private WaitOptions Options => new()
        {
            Timeout = Timeout,
            PollInterval = PollInterval,
            Any = Any.IsPresent,
            IncludeWaitingForInput = IncludeWaitingForInput.IsPresent,
            ErrorOnFailure = ErrorOnFailure.IsPresent,
        };
    }
}
