using TaskRuns.Http;
using TaskRuns.Providers;

namespace TaskRuns.Following
{
    /// <summary>One provider to follow: its adapter, client and prepared query (a follow interleaves several).</summary>
    internal sealed class FollowSource
    {
        /// <exception cref="TaskRunInputException">The provider's feed brings runs no server filtered, and a filter of the query cannot be checked on a run.</exception>
        public FollowSource(ITaskRunProvider adapter, ApiClient client, PreparedQuery query)
        {
            if (adapter is IRunChangeFeed feed && query.UncheckedOnFeeds.Count > 0)
                throw new TaskRunInputException(adapter.Descriptor.Name, "FilterNotFollowable",
                    $"{string.Join(", ", query.UncheckedOnFeeds)} cannot be used with -Follow for {adapter.Descriptor.Name}: the runs it follows come from " +
                    $"{feed.FeedName}, which the server does not filter, " +
                    "and a run alone cannot be checked against it. Follow without it and filter with Where-Object.",
                    query.UncheckedOnFeeds[0]);
            Adapter = adapter;
            Client = client;
            Query = query;
        }

        public ITaskRunProvider Adapter { get; }
        public ApiClient Client { get; }
        public PreparedQuery Query { get; }

        /// <summary>The adapter's own change feed when it has one; polling its newest page otherwise.</summary>
        public IRunChanges OpenChanges(FollowOptions options) =>
            Adapter is IRunChangeFeed feed ? feed.OpenChanges(Client, Query, options) : new PollingChanges(Adapter, Client, Query, options);
    }
}
