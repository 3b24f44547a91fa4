using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskRuns.Emulator.Http;

/// <summary>Query values that must match <c>^[1-9]\d*$</c> (Anchor's page/limit).</summary>
internal static partial class PositiveIntegerQuery
{
    /// <summary>Returns the default when absent; false when present but not a positive integer.</summary>
    public static bool TryRead(IQueryCollection query, string name, int defaultValue, out int value)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0 && !query.ContainsKey(name))
        {
            value = defaultValue;
            return true;
        }

        value = 0;
        return Pattern().IsMatch(raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^[1-9]\d*$")]
    private static partial Regex Pattern();
}
