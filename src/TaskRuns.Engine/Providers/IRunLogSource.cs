using System.Collections.Generic;
using System.Threading;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// An adapter whose provider keeps something like a log per run (RunWisp's log, BrowserAct's steps, Deck's errors).
    /// Entries are streamed in order, never gathered first: a huge log costs one page (or one line) of memory.
    /// </summary>
    internal interface IRunLogSource
    {
        IAsyncEnumerable<TaskRunLogEntry> ReadLogAsync(ApiClient client, TaskRun run, RunLogRequest request, CancellationToken cancellationToken);
    }

    /// <summary>A source that can also give the log as the service stores it (RunWisp's /log/raw): lines of text, unchanged.</summary>
    internal interface IRawRunLogSource
    {
        IAsyncEnumerable<string> ReadRawLogAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken);
    }

    /// <summary>What Get-TaskRunLog asked for.</summary>
    internal sealed class RunLogRequest
    {
        /// <summary>Only the last N entries.</summary>
        public long? Tail { get; set; }

        /// <summary>Keep streaming new entries until the run ends (or the command is stopped).</summary>
        public bool Follow { get; set; }
    }
}
