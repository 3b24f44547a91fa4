using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator.BrowserAct;

/// <summary>
/// A BrowserAct task (one execution of a workflow). Ids are decimal strings above 2^53.
/// <see cref="StoredRun.TaskKey"/> is the workflow id.
/// </summary>
internal sealed record BrowserActTask : StoredRun
{
    public required string Status { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Whether <c>output</c> is an object (else null).</summary>
    public bool HasOutput { get; init; }

    public string? OutputString { get; init; }

    public IReadOnlyList<string> OutputFiles { get; init; } = [];

    public int? FailureCode { get; init; }

    public string? FailureMessage { get; init; }

    public long? Credit { get; init; }

    public string? ProfileId { get; init; }

    /// <summary>"k=v;k2=v2".</summary>
    public string InputParameters { get; init; } = "";

    public RunTimeline? Timeline { get; init; }

    public bool EndsInFailure { get; init; }

    /// <summary>Triggered with pause=true: goes pausing → paused instead of finishing.</summary>
    public bool Pauses { get; init; }

    public override string RawStatus => Status;
}
