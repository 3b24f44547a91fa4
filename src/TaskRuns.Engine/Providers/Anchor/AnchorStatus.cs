using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers.Anchor
{
    /// <summary>Anchor's execution statuses and how they map to <see cref="TaskRunStatus"/>.</summary>
    internal static class AnchorStatus
    {
        public static readonly IReadOnlyList<string> Values = new[] { "success", "failure", "timeout", "cancelled", "queued", "running" };

        public static TaskRunStatus Normalise(string? raw) => raw?.ToLowerInvariant() switch
        {
            "success" => TaskRunStatus.Success,
            "failure" => TaskRunStatus.Failure,
            "timeout" => TaskRunStatus.Timeout,
            "cancelled" => TaskRunStatus.Cancelled,
            "queued" => TaskRunStatus.Queued,
            "running" => TaskRunStatus.Running,
            _ => TaskRunStatus.Unknown,
        };

        public static bool IsTerminal(TaskRunStatus status) =>
            status == TaskRunStatus.Success || status == TaskRunStatus.Failure || status == TaskRunStatus.Timeout || status == TaskRunStatus.Cancelled;

        /// <summary>The single server-side value for a normalised status, if Anchor has one.</summary>
        public static string? ServerValue(TaskRunStatus status)
        {
            foreach (string v in Values) if (Normalise(v) == status) return v;
            return null;
        }

        public static string? Canonical(string raw)
        {
            foreach (string v in Values) if (string.Equals(v, raw, StringComparison.OrdinalIgnoreCase)) return v;
            return null;
        }
    }
}
