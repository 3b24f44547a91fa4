using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the log of task runs: RunWisp's log lines, BrowserAct's steps, Deck's run errors, in order.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRunLog", DefaultParameterSetName = InputSet)]
    [OutputType(typeof(TaskRunLogEntry), typeof(string))]
    public sealed class GetTaskRunLogCommand : TaskRunReferenceCommandBase
    {
        /// <summary>Only the last N entries (RunWisp: lines; BrowserAct: steps; Deck: errors). With -Follow, the last N, then new ones.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long Tail { get; set; }

        /// <summary>RunWisp: after the lines so far, keeps writing new lines as the run writes them, until the run ends, Ctrl+C or -Timeout. Other providers have no live log; their entries are written once.</summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>With -Follow: stop following after this long (a TimeSpan, a string such as "00:05:00", or a number of seconds), with a warning. Default: until the run ends.</summary>
        [Parameter]
        [SecondsToTimeSpan]
        public TimeSpan? Timeout { get; set; }

        /// <summary>RunWisp: the log as the daemon stores it, one string per line, escape sequences included (so the console interprets colours); bytes that are not UTF-8 become U+FFFD. Not with -Tail or -Follow.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <inheritdoc/>
        protected override async Task ProcessRecordAsync()
        {
            foreach (TaskRun run in CurrentRuns()) await RunForInputAsync(() => ReadOneAsync(run), run).ConfigureAwait(false);
        }

        private async Task ReadOneAsync(TaskRun run)
        {
            ITaskRunProvider adapter = ProviderRegistry.Get(run.Provider);
            adapter.ValidateRunReference(run.TaskId, run.Id);
            if (Raw.IsPresent)
            {
                if (Follow.IsPresent || MyInvocation.BoundParameters.ContainsKey(nameof(Tail)))
                    EmitError(ErrorRecordFactory.InvalidLogParameter("-Raw gives the whole stored log; it cannot be combined with -Tail or -Follow.", run));
                else if (adapter is IRawRunLogSource raw)
                    await foreach (string line in raw.ReadRawLogAsync(Clients.ClientFor(run.Provider), run, StopToken).ConfigureAwait(false)) Emit(line);
                else if (adapter is IRunLogSource)
                    EmitError(ErrorRecordFactory.InvalidLogParameter($"{run.Provider} stores no log text; -Raw is for RunWisp. Leave it out to get the entries.", run));
                else
                    EmitError(ErrorRecordFactory.LogNotSupported(run));
                return;
            }
            if (adapter is not IRunLogSource source)
            {
                EmitError(ErrorRecordFactory.LogNotSupported(run));
                return;
            }

            var request = new RunLogRequest { Tail = MyInvocation.BoundParameters.ContainsKey(nameof(Tail)) ? Tail : null, Follow = Follow.IsPresent };
            using var following = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
            if (Follow.IsPresent && Timeout is TimeSpan timeout) following.CancelAfter(timeout);
            try
            {
                await foreach (TaskRunLogEntry entry in source.ReadLogAsync(Clients.ClientFor(run.Provider), run, request, following.Token).ConfigureAwait(false)) Emit(entry);
            }
            catch (Exception e) when (IsTimeout(e, following.Token))
            {
                EmitWarning($"{run.Provider} run {run.Id}: stopped following the log after {Timeout}; the run has not ended.");
            }
        }

        private bool IsTimeout(Exception e, CancellationToken following) =>
            following.IsCancellationRequested && !StopToken.IsCancellationRequested &&
            (e is OperationCanceledException || (e is Http.TaskRunApiException api && (api.ErrorId == "RequestTimeout" || api.ErrorId == "ConnectionFailed")));
    }
}
