using System.Globalization;

namespace TaskRuns.Emulator.BrowserAct;

/// <summary>
/// Snowflake-style ids: 10^18 + (milliseconds since 2020 &lt;&lt; 20) + sequence — 19 decimal digits,
/// far above 2^53, rising with time. Always served as JSON strings.
/// </summary>
internal sealed class BrowserActIds
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _sequence;

    public string Next(DateTimeOffset time)
    {
        var ms = Math.Max(0, (long)(time - Epoch).TotalMilliseconds);
        var sequence = Interlocked.Increment(ref _sequence) & 0xFFFFF;
        return (1_000_000_000_000_000_000L + (ms << 20) + sequence).ToString(CultureInfo.InvariantCulture);
    }
}
