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

        /// <summary>Runs to wait for (TaskRun objects, or anything with Provider, Id and TaskId — e.g. deserialized runs from a job).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        // Stored as int: PowerShell loads every public type of TaskRuns.dll (GetExportedTypes) before the module initializer
        // runs, and an enum field would force TaskRuns.Engine to load before its resolver is registered.
        private int _provider;

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
        public TaskRunProvider Provider { get => (TaskRunProvider)_provider; set => _provider = (int)value; }

        /// <summary>Ids of the runs to wait for.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs, where the provider needs it (Anchor; on RunWisp 0.4.x it spares a search by id).</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>How long to wait in all (a TimeSpan, "00:10:00", or seconds). Default 30 minutes.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsToTimeSpan]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>How often each run is polled (a TimeSpan or seconds). Default 5 seconds; at least 100 ms.</summary>
        [Parameter]
        [SecondsToTimeSpan]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Return as soon as one run ends.</summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        /// <summary>Treat a run that waits for a person (Deck interaction/review, BrowserAct paused) as finished instead of waiting on.</summary>
        [Parameter]
        public SwitchParameter IncludeWaitingForInput { get; set; }

        /// <summary>Write an error (TaskRunFailed) instead of the run when it ends in Failure or Timeout.</summary>
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
