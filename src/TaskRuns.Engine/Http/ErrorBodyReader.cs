using System;
using System.Text.Json;

namespace TaskRuns.Http
{
    /// <summary>
    /// The part of reading an error body that every provider shares, defensively: an empty body says nothing, an HTML page
    /// is named as one, plain text gives its first line (at most 300 characters), a body that is not valid JSON says so,
    /// and a JSON object goes to the provider's own envelope reader (Providers/&lt;Name&gt;/&lt;Name&gt;ErrorBody).
    /// The body arrives already bounded (<see cref="ApiClient"/> reads at most 64 KiB of it).
    /// </summary>
    internal static class ErrorBodyReader
    {
        public static ProviderErrorBody Read(string body, Func<JsonElement, ProviderErrorBody> readEnvelope)
        {
            string trimmed = body.Trim();
            if (trimmed.Length == 0) return default;
            if (trimmed[0] != '{' && trimmed[0] != '[')
            {
                if (trimmed.StartsWith("<", StringComparison.Ordinal)) return new ProviderErrorBody("the server answered with an HTML page", null);
                string firstLine = trimmed.Split('\n')[0].Trim();
                return new ProviderErrorBody(firstLine.Length > 300 ? firstLine.Substring(0, 300) : firstLine, null);
            }
            try
            {
                using JsonDocument doc = JsonDocument.Parse(trimmed);
                JsonElement root = doc.RootElement;
                return root.ValueKind == JsonValueKind.Object ? readEnvelope(root) : default;
            }
            catch (JsonException)
            {
                return new ProviderErrorBody("the error body is not valid JSON", null);
            }
        }

        /// <summary>A non-empty string property, else null.</summary>
        public static string? Text(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is string s && s.Length > 0 ? s : null;

        /// <summary>A code property given as a number or a string, as text, else null.</summary>
        public static string? Code(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out JsonElement code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String ? code.ToString() : null;
    }
}
