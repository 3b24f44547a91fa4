using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers.BrowserAct
{
    /// <summary>BrowserAct task statuses mapped to <see cref="TaskRunStatus"/> (pausing and paused wait for a resume).</summary>
    internal static class BrowserActStatus
    {
        public static readonly IReadOnlyList<string> Values = new[] { "created", "running", "finished", "canceled", "pausing", "paused", "failed", "unknown" };

        public static TaskRunStatus Normalise(string? raw) => raw?.ToLowerInvariant() switch
        {
            "created" => TaskRunStatus.Queued,
            "running" => TaskRunStatus.Running,
            "finished" => TaskRunStatus.Success,
            "canceled" => TaskRunStatus.Cancelled,
            "pausing" or "paused" => TaskRunStatus.WaitingForInput,
            "failed" => TaskRunStatus.Failure,
            _ => TaskRunStatus.Unknown,
        };

        public static bool IsTerminal(string? raw) =>
            string.Equals(raw, "finished", StringComparison.OrdinalIgnoreCase)
            || string.Equals(raw, "canceled", StringComparison.OrdinalIgnoreCase)
            || string.Equals(raw, "failed", StringComparison.OrdinalIgnoreCase);

        public static IReadOnlyList<string>? ServerValues(TaskRunStatus status) => status switch
        {
            TaskRunStatus.Queued => new[] { "created" },
            TaskRunStatus.Running => new[] { "running" },
            TaskRunStatus.Success => new[] { "finished" },
            TaskRunStatus.Failure => new[] { "failed" },
            TaskRunStatus.Cancelled => new[] { "canceled" },
            TaskRunStatus.WaitingForInput => new[] { "pausing", "paused" },
            TaskRunStatus.Unknown => new[] { "unknown" },
            _ => null,
        };
    }
}
