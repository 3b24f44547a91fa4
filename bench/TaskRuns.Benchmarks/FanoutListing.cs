namespace TaskRuns.Benchmarks;

/// <summary>One of the parallel Deck listings: its run count, its time, and its error if it failed.</summary>
public readonly record struct FanoutListing(long Runs, double Seconds, string? Error);
