using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers.Deck
{
    /// <summary>
    /// Deck's run statuses (current and older spellings, the older sent as the current). completed and failed are not
    /// server-filterable as a TaskRunStatus: a completed run is judged by its result, a failed one by its errors.
    /// </summary>
    internal static class DeckStatus
    {
        public static readonly StatusTable Table = new(
            new StatusRow("queued", TaskRunStatus.Queued),
            new StatusRow("running", TaskRunStatus.Running),
            new StatusRow("canceling", TaskRunStatus.Cancelling),
            new StatusRow("cancelling", TaskRunStatus.Cancelling, sentAs: "canceling"),
            new StatusRow("interaction_required", TaskRunStatus.WaitingForInput),
            new StatusRow("review_required", TaskRunStatus.WaitingForInput),
            new StatusRow("pending", TaskRunStatus.WaitingForInput, sentAs: "review_required"),
            new StatusRow("completed", TaskRunStatus.Unknown, terminal: true, serverFilterable: false),
            new StatusRow("canceled", TaskRunStatus.Cancelled, terminal: true),
            new StatusRow("failed", TaskRunStatus.Failure, terminal: true, serverFilterable: false));

        /// <summary>The table's status, refined for completed (by result) and failed (a timeout error is a Timeout).</summary>
        public static TaskRunStatus Normalise(string? status, string? result, IEnumerable<DeckError?>? errors)
        {
            if (string.Equals(status, "completed", StringComparison.OrdinalIgnoreCase))
                return string.Equals(result, "success", StringComparison.OrdinalIgnoreCase) ? TaskRunStatus.Success
                    : string.Equals(result, "failure", StringComparison.OrdinalIgnoreCase) ? TaskRunStatus.Failure
                    : TaskRunStatus.Unknown;
            if (string.Equals(status, "failed", StringComparison.OrdinalIgnoreCase) && HasTimeoutError(errors)) return TaskRunStatus.Timeout;
            return Table.Normalise(status);
        }

        private static bool HasTimeoutError(IEnumerable<DeckError?>? errors)
        {
            if (errors is null) return false;
            foreach (DeckError? e in errors)
                if (e?.Code != null && e.Code.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return false;
        }
    }
}
