using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TaskRuns.Emulator.Deck;

/// <summary>
/// Opaque cursors: base64url of "r1|&lt;seq&gt;|&lt;run id&gt;" (the last run served; the next page is older),
/// "r1|top" (before the newest run) or "t1|&lt;index&gt;" for the task list.
/// </summary>
internal static class DeckCursor
{
    public const int Top = int.MaxValue;

    public static string ForRun(DeckRun run) => Encode($"r1|{run.Seq.ToString(CultureInfo.InvariantCulture)}|{run.Id}");

    public static string ForTop() => Encode("r1|top");

    public static string ForTaskIndex(int nextIndex) => Encode($"t1|{nextIndex.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Decodes a run cursor to "serve runs with Seq below this"; false if garbled or unknown.</summary>
    public static bool TryDecodeRun(string cursor, Func<string, DeckRun?> findRun, out int before)
    {
        before = 0;
        var text = Decode(cursor);
        if (text is null)
        {
            return false;
        }

        if (text == "r1|top")
        {
            before = Top;
            return true;
        }

        var parts = text.Split('|');
        if (parts.Length != 3 || parts[0] != "r1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        var run = findRun(parts[2]);
        if (run is null || run.Seq != seq)
        {
            return false;
        }

        before = seq;
        return true;
    }

    public static bool TryDecodeTaskIndex(string cursor, int taskCount, out int index)
    {
        index = 0;
        var text = Decode(cursor);
        var parts = text?.Split('|');
        return parts is { Length: 2 } && parts[0] == "t1"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && index >= 0 && index <= taskCount;
    }

    private static string Encode(string text) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(text));

    private static string? Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
