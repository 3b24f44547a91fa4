namespace TaskRuns.Emulator;

/// <summary>
/// A read-only view of one stored run, for test oracles.
/// <see cref="Status"/> is the provider's raw status string; <see cref="Outcome"/> is the
/// RunWisp <c>end_reason</c> or the Deck <c>result</c> (null for Anchor and BrowserAct, and while not set).
/// <see cref="Triggered"/> is true for runs created through a trigger endpoint.
/// </summary>
public sealed record EmulatedRun(
    string Provider,
    string TaskId,
    string Id,
    string Status,
    string? Outcome,
    DateTimeOffset CreatedAt,
    bool Triggered);
