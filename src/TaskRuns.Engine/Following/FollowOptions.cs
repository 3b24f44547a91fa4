using System;

namespace TaskRuns.Following
{
    /// <summary>How a follow polls: the interval between polls of a provider without a push feed, and retry backoff.</summary>
    internal sealed class FollowOptions
    {
        /// <summary>Default -PollInterval: 5 s keeps every provider far below its rate limits (Deck: 200 requests per 10 s).</summary>
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

        public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

        /// <summary>Backoff after a failed poll or a dropped stream: doubles from the first to the last value.</summary>
        public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Non-terminal runs a polling source re-checks itself (those off its newest pages), at most this many per poll.</summary>
        public int MaxRechecksPerPoll { get; set; } = 20;
    }
}
