using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Waiting;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until task runs end and outputs each final run as soon as it ends.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "TaskRun", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(TaskRun))]
    public sealed class WaitTaskRunCommand : TaskRunConnectionCommandBase
    {
        private const string InputSet = "InputObject";
        private const string ByIdSet = "ById";
        private readonly List<TaskRun> _runs = new();

        /// <summary>Runs to wait for: TaskRun objects from Get-TaskRun or Start-TaskRun, or any objects with Provider, Id and TaskId properties (deserialized runs from a job, rows of a CSV file).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        // Stored as int: PowerShell loads every public type of TaskRuns.dll (GetExportedTypes) before the module initializer
        // runs, and an enum field would force TaskRuns.Engine to load before its resolver is registered.
        private int _provider;

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get => (TaskRunProvider)_provider; set => _provider = (int)value; }

        /// <summary>Ids of the runs to wait for, all of the provider given by -Provider.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs given by -Id, where the provider needs it to read a run: always for Anchor; on RunWisp 0.4.x daemons it spares a search by id.</summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>
        /// How long to wait in all: a TimeSpan, a string such as "00:10:00", or a number of seconds. Default 30 minutes. Each run still
        /// unfinished then is a WaitTaskRunTimeout error whose TargetObject is the run's last known state.
        /// </summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "30 minutes")]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>How often each run is polled: a TimeSpan or a number of seconds, at least 100 ms. Default 5 seconds. RunWisp runs are also updated from the daemon's event stream as they change.</summary>
        [Parameter]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "5 seconds")]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

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
            if (WaitOptions.Problem(Timeout, PollInterval) is string problem)
            {
                var record = new ErrorRecord(new ArgumentException(problem), "InvalidWaitParameter", ErrorCategory.InvalidArgument, null);
                Enqueue(() => ThrowTerminatingError(record));
            }
            return Task.CompletedTask;
        }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in Id!) _runs.Add(new TaskRun { Provider = Provider, Id = id, TaskId = TaskId });
                return Task.CompletedTask;
            }
            foreach (PSObject item in InputObject!)
            {
                if (RunReference.From(item) is TaskRun run) _runs.Add(run);
                else
                    EmitError(new ErrorRecord(
                        new ArgumentException("Wait-TaskRun needs objects with Provider and Id properties (as Get-TaskRun outputs)."),
                        "InvalidInputObject", ErrorCategory.InvalidArgument, item));
            }
            return Task.CompletedTask;
        }

        /// <inheritdoc/>
        protected override Task EndProcessingAsync() => RunForInputAsync(WaitAsync, null);

        private Task WaitAsync() => WaitForRunsAsync(_runs, new WaitOptions
        {
            Timeout = Timeout,
            PollInterval = PollInterval,
            Any = Any.IsPresent,
            IncludeWaitingForInput = IncludeWaitingForInput.IsPresent,
            ErrorOnFailure = ErrorOnFailure.IsPresent,
        });
    }
}
