namespace TaskRuns.Benchmarks;

/// <summary>
/// Counters of one provider: every request that reached its routes (429s from Deck's limiter included), the run-list
/// ones among them, and the ones Deck's limiter refused.
/// </summary>
public readonly record struct RequestCounters(long Requests, long ListRequests, long RateLimited)
{
    public static RequestCounters operator -(RequestCounters a, RequestCounters b) =>
        new(a.Requests - b.Requests, a.ListRequests - b.ListRequests, a.RateLimited - b.RateLimited);
}
