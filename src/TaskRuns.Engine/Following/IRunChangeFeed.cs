using TaskRuns.Http;

namespace TaskRuns.Providers
{
    /// <summary>
    /// An adapter that offers a cheaper way to follow runs than re-listing them (RunWisp's run stream, Deck's events).
    /// Adapters without it are followed by polling their newest page (<see cref="Following.PollingChanges"/>).
    /// </summary>
    internal interface IRunChangeFeed
    {
        /// <summary>What the runs come from, for messages: "Deck's events".</summary>
        string FeedName { get; }

        /// <summary>Opens the changes of the runs a query matches; nothing is requested until the follower asks.</summary>
        Following.IRunChanges OpenChanges(ApiClient client, PreparedQuery query, Following.FollowOptions options);
    }
}
