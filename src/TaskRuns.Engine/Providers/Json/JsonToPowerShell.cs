using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;

namespace TaskRuns.Providers.Json
{
    /// <summary>Turns arbitrary JSON into what ConvertFrom-Json would give: PSCustomObjects, object[] arrays and scalars.</summary>
    internal static class JsonToPowerShell
    {
        public static object? Convert(JsonElement? element) => element is JsonElement e ? Convert(e) : null;

        public static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var obj = new PSObject();
                    foreach (JsonProperty p in element.EnumerateObject())
                    {
                        string name = NameOf(p);
                        obj.Properties.Remove(name);
                        obj.Properties.Add(new PSNoteProperty(name, Convert(p.Value)));
                    }
                    return obj;
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray()) items[i++] = Convert(item);
                    return items;
                case JsonValueKind.String: return Text(element);
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long l)) return l;
                    if (decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) && !element.GetRawText().Contains("e") && !element.GetRawText().Contains("E")) return d;
                    return element.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        // A JSON string may escape half a surrogate pair ("\ud83d") or hold bytes that are not UTF-8: the document still
        // parses, but GetString throws InvalidOperationException. Such a value (in a run's free-form output) is kept as its
        // escaped JSON text when that can be read, else replaced by U+FFFD, rather than failing the whole page.
        private const string Unreadable = "\uFFFD";

        private static string Text(JsonElement element)
        {
            try
            {
                return element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                try
                {
                    string raw = element.GetRawText();
                    return raw.Length >= 2 ? raw.Substring(1, raw.Length - 2) : raw;
                }
                catch (InvalidOperationException)
                {
                    return Unreadable;
                }
            }
        }

        // A PowerShell property cannot have an empty name; JSON's "" key (valid, if odd) is shown as "(empty)".
        private static string NameOf(JsonProperty property)
        {
            try
            {
                return property.Name.Length == 0 ? "(empty)" : property.Name;
            }
            catch (InvalidOperationException)
            {
                return Unreadable;
            }
        }
    }
}
