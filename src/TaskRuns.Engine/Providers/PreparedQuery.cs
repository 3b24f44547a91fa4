using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Providers
{
    /// <summary>
    /// A query checked and planned once by its provider (<see cref="ITaskRunProvider.Prepare"/>): the filters by wire
    /// name, the status values the server filters on, and the check still applied to each run client-side.
    /// Every page of a listing is requested from it; nothing is re-derived per page.
    /// </summary>
    internal sealed class PreparedQuery
    {
        public PreparedQuery(TaskRunQuery query, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, IReadOnlyList<string>? serverStatuses, Func<TaskRun, bool>? clientCheck,
            Func<TaskRun, bool>? feedCheck = null, IReadOnlyList<string>? uncheckedOnFeeds = null)
        {
            Query = query;
            Filters = filters;
            ServerStatuses = serverStatuses;
            ClientCheck = clientCheck;
            FeedCheck = feedCheck;
            UncheckedOnFeeds = uncheckedOnFeeds ?? Array.Empty<string>();
            FilterHash = ContinuationToken.HashFilters(Canonical());
        }

        public TaskRunQuery Query { get; }
        public TaskRunProvider Provider => Query.Provider;
        public string? TaskId => Query.TaskId;

        /// <summary>Filters by wire name, each with one or more values.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; }

        /// <summary>The values for the server's status parameter; null when the status is not filtered server-side.</summary>
        public IReadOnlyList<string>? ServerStatuses { get; }

        /// <summary>The single server status value, for providers that take one (null when none or several).</summary>
        public string? ServerStatus => ServerStatuses is { Count: 1 } ? ServerStatuses[0] : null;

        /// <summary>What the server cannot check; null when every filter went to the server.</summary>
        public Func<TaskRun, bool>? ClientCheck { get; }

        /// <summary>
        /// The provider filters (those sent to the server) checked on one run, for runs no server filtered: a push feed's
        /// or an event's (<see cref="Following.FollowMatch"/>). Null when the query has none.
        /// </summary>
        public Func<TaskRun, bool>? FeedCheck { get; }

        /// <summary>The provider filters a run alone cannot be checked against, as the user typed them ("-Search").</summary>
        public IReadOnlyList<string> UncheckedOnFeeds { get; }

        /// <summary>The hash of every filter, so a page token cannot be replayed with other filters.</summary>
        public string FilterHash { get; }

        /// <summary>The same plan for one task (a provider that lists per task, listed across its tasks).</summary>
        public PreparedQuery ForTask(string taskId)
        {
            var query = new TaskRunQuery
            {
                Provider = Query.Provider, TaskId = taskId, Status = Query.Status, Since = Query.Since, Until = Query.Until,
                Version = Query.Version, Search = Query.Search,
            };
            foreach (var pair in Query.Parameters) query.Parameters[pair.Key] = pair.Value;
            foreach (var pair in Query.FilterKeys) query.FilterKeys[pair.Key] = pair.Value;
            return new PreparedQuery(query, Filters, ServerStatuses, ClientCheck, FeedCheck, UncheckedOnFeeds);
        }

        public bool Keeps(TaskRun run) => ClientCheck is null || ClientCheck(run);

        /// <summary>Whether a run the server did not filter matches the provider filters too.</summary>
        public bool KeepsFromFeed(TaskRun run) => FeedCheck is null || FeedCheck(run);

        /// <summary>The first value of a filter, or null.</summary>
        public string? Filter(string wireName) => Filters.TryGetValue(wireName, out var values) && values.Count > 0 ? values[0] : null;

        /// <summary>Every value of a filter, or null.</summary>
        public IReadOnlyList<string>? FilterValues(string wireName) => Filters.TryGetValue(wireName, out var values) ? values : null;

        private string Canonical()
        {
            var text = new StringBuilder();
            text.Append(Query.Provider).Append('|').Append(Query.TaskId).Append('|');
            text.Append(string.Join(",", Query.Status.Select(s => s.ToLowerInvariant()).OrderBy(s => s, StringComparer.Ordinal))).Append('|');
            text.Append(Query.Since?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)).Append('|');
            text.Append(Query.Until?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
            foreach (var pair in Filters.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append('|').Append(pair.Key).Append('=').Append(string.Join(",", pair.Value));
            return text.ToString();
        }
    }
}
