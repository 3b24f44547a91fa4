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
        private readonly Dictionary<TaskRunProvider, ApiClient> _clients = new();

        /// <summary>Runs to wait for (TaskRun objects, or anything with Provider, Id and TaskId — e.g. deserialized runs from a job).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
        public TaskRunProvider Provider { get; set; }

        /// <summary>Ids of the runs to wait for.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs, where the provider needs it (Anchor; RunWisp 0.4.x).</summary>
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
            if (Timeout <= TimeSpan.Zero)
                ThrowParameterError("Timeout", "-Timeout must be positive.");
            if (PollInterval < TimeSpan.FromMilliseconds(100))
                ThrowParameterError("PollInterval", "-PollInterval must be at least 100 ms.");
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

        private async Task WaitAsync()
        {
            if (_runs.Count == 0) return;
            var waiter = new RunWaiter(ClientFor, PollInterval, IncludeWaitingForInput.IsPresent, Log);
            var progress = new ProgressRecord(2, "Wait-TaskRun", "Waiting");
            waiter.Finished = run =>
            {
                if (ErrorOnFailure.IsPresent && (run.Status == TaskRunStatus.Failure || run.Status == TaskRunStatus.Timeout))
                    EmitError(new ErrorRecord(
                        new InvalidOperationException($"{run.Provider} run {run.Id} ended in {run.Status} ({run.ProviderStatus}){(run.ErrorMessage is null ? "" : ": " + run.ErrorMessage)}."),
                        "TaskRunFailed", ErrorCategory.InvalidResult, run));
                else
                    Emit(run);
            };
            waiter.WaitingForInput = (run, what) =>
                EmitWarning($"{run.Provider} run {run.Id} is waiting for a person ({what})." +
                            (IncludeWaitingForInput.IsPresent ? "" : " It is not counted as finished; pass -IncludeWaitingForInput to return it."));
            waiter.Failed = (run, e) => EmitError(ErrorRecordFactory.From(e, run));
            waiter.Progress = (done, total, elapsed) =>
            {
                progress.StatusDescription = $"{done} of {total} run(s) finished, {elapsed:hh\\:mm\\:ss} elapsed";
                progress.PercentComplete = total == 0 ? 100 : done * 100 / total;
                EmitProgress(progress);
            };

            IReadOnlyList<TaskRun> unfinished = await waiter.WaitAsync(_runs, Timeout, Any.IsPresent, StopToken).ConfigureAwait(false);
            progress.RecordType = ProgressRecordType.Completed;
            EmitProgress(progress);
            foreach (TaskRun run in unfinished)
            {
                // The run's last known state is the error's TargetObject ($Error[0].TargetObject).
                EmitError(new ErrorRecord(
                    new TimeoutException($"{run.Provider} run {run.Id} did not finish within {Timeout}; last status {run.Status} ({run.ProviderStatus})."),
                    "WaitTaskRunTimeout", ErrorCategory.OperationTimeout, run));
            }
        }

        private ApiClient ClientFor(TaskRunProvider provider)
        {
            lock (_clients)
            {
                if (!_clients.TryGetValue(provider, out ApiClient? client)) _clients[provider] = client = CreateClient(provider);
                return client;
            }
        }

        private void ThrowParameterError(string parameter, string message)
        {
            var record = new ErrorRecord(new ArgumentException(message, parameter), "InvalidWaitParameter", ErrorCategory.InvalidArgument, parameter);
            Enqueue(() => ThrowTerminatingError(record));
        }
    }
}
