using System;
using TaskRuns.Model;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// RunWisp's lifecycle (pending, running, ended) and end reasons. Only ended is terminal; an ended run's status is
    /// its end reason's. The server filters on one value, exactly only where one value means the TaskRunStatus.
    /// daemon_stopped is a Failure, not Cancelled: the daemon shut down under the run (exit 143, SIGTERM), nobody asked to
    /// stop it and its work did not finish, so a script that looks for Failure must see it; Cancelled is a stop someone
    /// requested (stopped).
    /// </summary>
    internal static class RunWispStatus
    {
        public static readonly StatusTable Table = new(
            new StatusRow("pending", TaskRunStatus.Queued),
            new StatusRow("running", TaskRunStatus.Running),
            new StatusRow("ended", TaskRunStatus.Unknown, terminal: true, serverFilterable: false),
            new StatusRow("success", TaskRunStatus.Success, terminal: true),
            new StatusRow("failed", TaskRunStatus.Failure, terminal: true, serverFilterable: false),
            new StatusRow("stopped", TaskRunStatus.Cancelled, terminal: true),
            new StatusRow("timeout", TaskRunStatus.Timeout, terminal: true),
            new StatusRow("crashed", TaskRunStatus.Failure, terminal: true, serverFilterable: false),
            new StatusRow("skipped", TaskRunStatus.Skipped, terminal: true, serverFilterable: false),
            new StatusRow("log_overflow", TaskRunStatus.Failure, terminal: true, serverFilterable: false),
            new StatusRow("queue_full", TaskRunStatus.Skipped, terminal: true, serverFilterable: false),
            new StatusRow("dst_skipped", TaskRunStatus.Skipped, terminal: true, serverFilterable: false),
            new StatusRow("daemon_stopped", TaskRunStatus.Failure, terminal: true, serverFilterable: false),
            new StatusRow("missed", TaskRunStatus.Skipped, terminal: true, serverFilterable: false),
            new StatusRow("start_failed", TaskRunStatus.Failure, terminal: true, serverFilterable: false));

        /// <summary>pending and running as the table says; ended by its end reason; anything else Unknown.</summary>
        public static TaskRunStatus Normalise(string? status, string? endReason)
        {
            if (string.Equals(status, "pending", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "running", StringComparison.OrdinalIgnoreCase))
                return Table.Normalise(status);
            if (!string.Equals(status, "ended", StringComparison.OrdinalIgnoreCase)) return TaskRunStatus.Unknown;
            StatusRow? reason = Table.Find(endReason);
            return reason is { Terminal: true } ? reason.Normalised : TaskRunStatus.Unknown;
        }
    }
}
