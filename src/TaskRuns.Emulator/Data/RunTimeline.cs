namespace TaskRuns.Emulator.Data;

/// <summary>When a triggered run starts and when it reaches its end state.</summary>
internal sealed record RunTimeline(DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>Starts after a third of the duration and ends at the full duration (the emulator's default lifecycle).</summary>
    public static RunTimeline From(DateTimeOffset createdAt, TimeSpan duration) =>
        new(createdAt + duration / 3, createdAt + duration);

    /// <summary>
    /// The run's duration: the trigger's input <c>duration_ms</c> (Anchor: <c>ANCHOR_DURATION_MS</c>), a whole number of
    /// milliseconds from 1 to 3,600,000, else the emulator's --run-duration-ms.
    /// </summary>
    public static TimeSpan Duration(string? requestedMilliseconds, TimeSpan fallback) =>
        int.TryParse(requestedMilliseconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int ms) && ms is >= 1 and <= 3_600_000
            ? TimeSpan.FromMilliseconds(ms)
            : fallback;
}
