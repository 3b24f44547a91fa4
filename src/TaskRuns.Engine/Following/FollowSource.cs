using TaskRuns.Http;
using TaskRuns.Providers;

namespace TaskRuns.Following
{
    /// <summary>One provider to follow: its adapter, client and prepared query (a follow interleaves several).</summary>
    internal sealed class FollowSource
    {
        public FollowSource(ITaskRunProvider adapter, ApiClient client, PreparedQuery query)
        {
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
