using System;
using System.Linq;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Following
{
    /// <summary>
    /// Whether a run from a push feed or event (which the server did not filter) matches the query: its task, status,
    /// creation window, the query's client-side check and its provider filters (-Outcome, -Search, …: the feed did not apply
    /// them). Listed runs were filtered by the server already; checking them again changes nothing.
    /// </summary>
    internal static class FollowMatch
    {
        public static bool Matches(PreparedQuery query, TaskRun run)
        {
            if (query.TaskId != null && !string.Equals(query.TaskId, run.TaskId, StringComparison.OrdinalIgnoreCase)) return false;
            if (query.Query.Status.Count > 0 && !query.Query.Status.Any(s =>
                    string.Equals(s, run.Status.ToString(), StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(s, run.ProviderStatus, StringComparison.OrdinalIgnoreCase))) return false;
            if (query.Query.Since is DateTimeOffset since && run.CreatedAt is DateTimeOffset created && created < since) return false;
            if (query.Query.Until is DateTimeOffset until && run.CreatedAt is DateTimeOffset made && made > until) return false;
            return query.Keeps(run) && query.KeepsFromFeed(run);
        }
    }
}
