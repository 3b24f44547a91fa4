namespace TaskRuns.Emulator.Data;

/// <summary>When a triggered run starts and when it reaches its end state.</summary>
internal sealed record RunTimeline(DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>Starts after a third of the duration and ends at the full duration (the emulator's default lifecycle).</summary>
    public static RunTimeline From(DateTimeOffset createdAt, TimeSpan duration) =>
        new(createdAt + duration / 3, createdAt + duration);
}
