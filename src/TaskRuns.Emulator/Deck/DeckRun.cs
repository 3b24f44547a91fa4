using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator.Deck;

/// <summary>A Deck task run (<c>trun_...</c>). <see cref="StoredRun.TaskKey"/> is the task id.</summary>
internal sealed record DeckRun : StoredRun
{
    public required string Status { get; init; }

    /// <summary>success | failure | unknown, null while not finished.</summary>
    public string? Result { get; init; }

    public string? CredentialId { get; init; }

    public string? SessionId { get; init; }

    public required string AgentId { get; init; }

    public string? SourceId { get; init; }

    /// <summary>Not serialized by the seed shape; only used by the workflow_id filter.</summary>
    public required string WorkflowId { get; init; }

    public long? RuntimeMs { get; init; }

    /// <summary>Serialize runtime_ms as a numeric string (Deck sends both forms).</summary>
    public bool RuntimeAsString { get; init; }

    /// <summary>Raw JSON of <c>output</c> (object, string or null).</summary>
    public string? OutputJson { get; init; }

    public IReadOnlyList<DeckRunError>? Errors { get; init; }

    /// <summary>Raw JSON of <c>interaction</c> (set on interaction_required runs).</summary>
    public string? InteractionJson { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Raw JSON of the run's input (served with include=input).</summary>
    public string InputJson { get; init; } = "{}";

    public RunTimeline? Timeline { get; init; }

    public bool EndsInFailure { get; init; }

    /// <summary>Triggered with input needs_interaction=true and not answered yet.</summary>
    public bool NeedsInteraction { get; init; }

    /// <summary>When a canceling run becomes canceled.</summary>
    public DateTimeOffset? CancelAt { get; init; }

    public override string RawStatus => Status;

    public override string? RawOutcome => Result;
}
