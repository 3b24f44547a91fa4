using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>A RunWisp run. <see cref="StoredRun.TaskKey"/> is the task name; the id is a ULID.</summary>
internal sealed record RunWispRun : StoredRun
{
    /// <summary>pending | running | ended.</summary>
    public required string Status { get; init; }

    public string? EndReason { get; init; }

    public long ExitCode { get; init; }

    public DateTimeOffset? StartAt { get; init; }

    public DateTimeOffset? EndAt { get; init; }

    /// <summary>replica_index in 0.4.x, instance_index in newer daemons.</summary>
    public long ReplicaIndex { get; init; }

    public long RetryAttempt { get; init; }

    public string? RetryOfRunId { get; init; }

    /// <summary>cron | api | cloud (newer: service | startup | hook).</summary>
    public required string TriggeredBy { get; init; }

    public string? ExternalExecutionId { get; init; }

    public IReadOnlyDictionary<string, string?>? Params { get; init; }

    public RunTimeline? Timeline { get; init; }

    public bool EndsInFailure { get; init; }

    public TimeSpan? Duration => StartAt is { } start && EndAt is { } end ? end - start : null;

    public override string RawStatus => Status;

    public override string? RawOutcome => EndReason;
}
