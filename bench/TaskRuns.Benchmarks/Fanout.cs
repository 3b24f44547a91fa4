namespace TaskRuns.Benchmarks;

/// <summary>A fan-out: the time from the first runspace starting to the last listing ending, and each listing.</summary>
public sealed record Fanout(double Seconds, IReadOnlyList<FanoutListing> Listings);
