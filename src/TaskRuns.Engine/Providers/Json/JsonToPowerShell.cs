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
                        obj.Properties.Remove(p.Name);
                        obj.Properties.Add(new PSNoteProperty(p.Name, Convert(p.Value)));
                    }
                    return obj;
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray()) items[i++] = Convert(item);
                    return items;
                case JsonValueKind.String: return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long l)) return l;
                    if (decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) && !element.GetRawText().Contains("e") && !element.GetRawText().Contains("E")) return d;
                    return element.GetDouble();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }
    }
}
