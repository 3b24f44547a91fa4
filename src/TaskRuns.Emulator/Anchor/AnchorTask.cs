namespace TaskRuns.Emulator.Anchor;

/// <summary>An Anchor (legacy /v1) task with its numbered versions.</summary>
internal sealed record AnchorTask(
    string Id,
    string Name,
    string TeamId,
    string Description,
    string LatestVersion,
    IReadOnlyDictionary<string, string> VersionIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
