using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>RunWisp's lifecycle (pending, running, ended) and end reasons, mapped to <see cref="TaskRunStatus"/>. Only ended is terminal.</summary>
    internal static class RunWispStatus
    {
        public static readonly IReadOnlyList<string> Values = new[]
        {
            "pending", "running", "ended",
            "success", "failed", "stopped", "timeout", "crashed", "skipped", "log_overflow",
            "queue_full", "dst_skipped", "daemon_stopped", "missed", "start_failed",
        };

        public static TaskRunStatus Normalise(string? status, string? endReason)
        {
            switch (status?.ToLowerInvariant())
            {
                case "pending": return TaskRunStatus.Queued;
                case "running": return TaskRunStatus.Running;
                case "ended":
                    return endReason?.ToLowerInvariant() switch
                    {
                        "success" => TaskRunStatus.Success,
                        "failed" or "crashed" or "log_overflow" or "start_failed" => TaskRunStatus.Failure,
                        "timeout" => TaskRunStatus.Timeout,
                        "stopped" => TaskRunStatus.Cancelled,
                        "skipped" or "missed" or "queue_full" or "dst_skipped" => TaskRunStatus.Skipped,
                        _ => TaskRunStatus.Unknown,
                    };
                default: return TaskRunStatus.Unknown;
            }
        }

        /// <summary>The server's one-value status filter for a normalised status, when exactly one value expresses it.</summary>
        public static IReadOnlyList<string>? ServerValues(TaskRunStatus status) => status switch
        {
            TaskRunStatus.Queued => new[] { "pending" },
            TaskRunStatus.Running => new[] { "running" },
            TaskRunStatus.Success => new[] { "success" },
            TaskRunStatus.Timeout => new[] { "timeout" },
            TaskRunStatus.Cancelled => new[] { "stopped" },
            _ => null,
        };
    }
}
