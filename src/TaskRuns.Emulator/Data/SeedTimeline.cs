namespace TaskRuns.Emulator.Data;

/// <summary>Spreads seeded runs over the ~90 days that end at the seed's end time.</summary>
internal static class SeedTimeline
{
    public static readonly TimeSpan Span = TimeSpan.FromDays(90);

    /// <summary>
    /// Creation time of run <paramref name="index"/> of <paramref name="count"/>:
    /// evenly spaced slots with a jitter (0..1) inside the slot, so times ascend with the index.
    /// </summary>
    public static DateTimeOffset At(DateTimeOffset end, int index, int count, double jitter)
    {
        var slot = Span.Ticks / (double)Math.Max(1, count);
        var ticks = (long)(slot * (index + jitter));
        return end - Span + TimeSpan.FromTicks(ticks);
    }

    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan resolution)
    {
        return new DateTimeOffset(time.UtcTicks - (time.UtcTicks % resolution.Ticks), TimeSpan.Zero);
    }
}
