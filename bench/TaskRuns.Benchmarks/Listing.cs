namespace TaskRuns.Benchmarks;

/// <summary>One listing timed inside pwsh; Pages is reported by the Invoke-RestMethod loop only.</summary>
public readonly record struct Listing(long Runs, double Seconds, int? Pages);
