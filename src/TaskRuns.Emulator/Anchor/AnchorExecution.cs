using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator.Anchor;

/// <summary>An Anchor task execution (TaskExecutionResult). <see cref="StoredRun.CreatedAt"/> is its startTime.</summary>
internal sealed record AnchorExecution : StoredRun
{
    public required string TaskVersionId { get; init; }

    public required string Version { get; init; }

    /// <summary>success | failure | timeout | cancelled | queued | running.</summary>
    public required string Status { get; init; }

    public string? Output { get; init; }

    public string? ErrorMessage { get; init; }

    public long? ExecutionTimeMs { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Triggered runs only: when they start and finish.</summary>
    public RunTimeline? Timeline { get; init; }

    /// <summary>Triggered runs only: end in failure (input ANCHOR_OUTCOME=failure).</summary>
    public bool EndsInFailure { get; init; }

    public bool IsTerminal => Status is AnchorStatuses.Success or AnchorStatuses.Failure or AnchorStatuses.Timeout or AnchorStatuses.Cancelled;

    public override string RawStatus => Status;
}
