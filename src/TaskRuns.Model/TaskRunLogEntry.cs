using System;

namespace TaskRuns.Model
{
    /// <summary>
    /// One entry of a run's log, as Get-TaskRunLog writes it: a RunWisp log line, a BrowserAct step (or its failure), a
    /// Deck run error. <see cref="Message"/> is safe to print: escape sequences and other control characters are shown as
    /// visible symbols (ESC as ␛), never interpreted by the console.
    /// </summary>
    public sealed class TaskRunLogEntry
    {
        /// <summary>The provider of the run.</summary>
        public TaskRunProvider Provider { get; set; }

        /// <summary>The run's id.</summary>
        public string RunId { get; set; } = string.Empty;

        /// <summary>The run's task, where known.</summary>
        public string? TaskId { get; set; }

        /// <summary>When the line was written, where the provider says (RunWisp lines; Deck: when the run last changed).</summary>
        public DateTimeOffset? Time { get; set; }

        /// <summary>Where the entry comes from: stdout, stderr or system (RunWisp); the step's status or "failure" (BrowserAct); "error" (Deck).</summary>
        public string Stream { get; set; } = string.Empty;

        /// <summary>The line's number in the daemon's log (RunWisp, from 0), or the step's number (BrowserAct, from 1).</summary>
        public long? LineNumber { get; set; }

        /// <summary>The text, with control characters made visible.</summary>
        public string Message { get; set; } = string.Empty;

        /// <summary>The message.</summary>
        public override string ToString() => Message;
    }
}
