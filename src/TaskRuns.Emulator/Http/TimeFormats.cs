using System.Globalization;

namespace TaskRuns.Emulator.Http;

/// <summary>
/// Each provider's timestamp style (all RFC 3339, deliberately not identical, so clients parse tolerantly).
/// </summary>
internal static class TimeFormats
{
    /// <summary>Anchor: milliseconds and Z, e.g. 2025-01-02T03:04:05.678Z.</summary>
    public static string Anchor(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RunWisp (Go RFC3339Nano): trailing zeros trimmed, e.g. 2025-01-02T03:04:05Z or ...05.1234567Z.</summary>
    public static string RunWisp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Deck (.NET round-trip with offset), e.g. 2025-01-02T03:04:05.6780000+00:00.</summary>
    public static string Deck(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>BrowserAct: whole seconds and Z, e.g. 2025-01-02T03:04:05Z.</summary>
    public static string BrowserAct(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>BrowserAct error envelopes' "time": not ISO 8601 (clients must not parse it strictly).</summary>
    public static string BrowserActErrorTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO 8601 query value; a value without an offset is taken as UTC.</summary>
    public static bool TryParseQuery(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
