namespace TaskRuns.Emulator.Data;

/// <summary>
/// Base of every stored run. Stored runs are immutable: when a triggered run moves on, the
/// provider replaces it with a copy (<c>with</c>), so a reader never sees half an update.
/// </summary>
internal abstract record StoredRun
{
    public required string Id { get; init; }

    /// <summary>The key of the task (Anchor task id, RunWisp task name, Deck task id, BrowserAct workflow id).</summary>
    public required string TaskKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True for runs created through the API (trigger endpoints); false for seeded and inserted runs.</summary>
    public bool Triggered { get; init; }

    /// <summary>Position in the provider-wide list (creation order); assigned by <see cref="RunCollection{TRun}"/>.</summary>
    public int Seq { get; set; } = -1;

    /// <summary>Position in the task's own list; assigned by <see cref="RunCollection{TRun}"/>.</summary>
    public int TaskIndex { get; set; } = -1;

    /// <summary>The provider's raw status string (for test oracles).</summary>
    public abstract string RawStatus { get; }

    /// <summary>The provider's secondary outcome field (RunWisp end_reason, Deck result), if any.</summary>
    public virtual string? RawOutcome => null;
}
