using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers.Deck
{
    /// <summary>Deck's run statuses (both current and older spellings) mapped to <see cref="TaskRunStatus"/>; completed runs are judged by result.</summary>
    internal static class DeckStatus
    {
        public static readonly IReadOnlyList<string> Values = new[]
        {
            "queued", "running", "canceling", "cancelling", "interaction_required", "review_required", "pending", "completed", "canceled", "failed",
        };

        public static TaskRunStatus Normalise(string? status, string? result, IEnumerable<DeckError?>? errors)
        {
            switch (status?.ToLowerInvariant())
            {
                case "queued": return TaskRunStatus.Queued;
                case "running": return TaskRunStatus.Running;
                case "canceling":
                case "cancelling": return TaskRunStatus.Cancelling;
                case "interaction_required":
                case "review_required":
                case "pending": return TaskRunStatus.WaitingForInput;
                case "canceled": return TaskRunStatus.Cancelled;
                case "failed": return HasTimeoutError(errors) ? TaskRunStatus.Timeout : TaskRunStatus.Failure;
                case "completed":
                    return result?.ToLowerInvariant() switch
                    {
                        "success" => TaskRunStatus.Success,
                        "failure" => TaskRunStatus.Failure,
                        _ => TaskRunStatus.Unknown,
                    };
                default: return TaskRunStatus.Unknown;
            }
        }

        public static bool IsTerminal(string? status) =>
            string.Equals(status, "completed", StringComparison.OrdinalIgnoreCase)
            || string.Equals(status, "canceled", StringComparison.OrdinalIgnoreCase)
            || string.Equals(status, "failed", StringComparison.OrdinalIgnoreCase);

        /// <summary>Server-side status values that express a normalised status exactly (Success/Failure/Timeout need result or errors: client-side).</summary>
        public static IReadOnlyList<string>? ServerValues(TaskRunStatus status) => status switch
        {
            TaskRunStatus.Queued => new[] { "queued" },
            TaskRunStatus.Running => new[] { "running" },
            TaskRunStatus.Cancelling => new[] { "canceling" },
            TaskRunStatus.WaitingForInput => new[] { "interaction_required", "review_required" },
            TaskRunStatus.Cancelled => new[] { "canceled" },
            _ => null,
        };

        private static bool HasTimeoutError(IEnumerable<DeckError?>? errors)
        {
            if (errors is null) return false;
            foreach (DeckError? e in errors)
                if (e?.Code != null && e.Code.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return false;
        }
    }
}
