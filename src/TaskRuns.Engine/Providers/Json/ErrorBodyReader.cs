using System;
using System.Text.Json;
using TaskRuns.Http;

namespace TaskRuns.Providers.Json
{
    /// <summary>
    /// Pulls a message and a request id out of any of the providers' error envelopes, defensively:
    /// Anchor {error:{message}} or {error:"…"}, RunWisp problem+json {title,detail}, Deck {errors:[{message}],request_id}
    /// or {title,errors:{field:[msg]},traceId}, BrowserAct {code,msg,traceId}. Non-JSON bodies give their first line (HTML: nothing).
    /// </summary>
    internal static class ErrorBodyReader
    {
        public static ProviderErrorBody Read(string body)
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
                if (root.ValueKind != JsonValueKind.Object) return default;
                return new ProviderErrorBody(Message(root), RequestId(root), Code(root));
            }
            catch (JsonException)
            {
                return new ProviderErrorBody("the error body is not valid JSON", null);
            }
        }

        private static string? Message(JsonElement root)
        {
            if (root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.String) return error.GetString();
                if (error.ValueKind == JsonValueKind.Object && Text(error, "message") is string m) return m;
            }
            if (root.TryGetProperty("errors", out JsonElement errors))
            {
                if (errors.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement e in errors.EnumerateArray())
                    {
                        string? message = e.ValueKind == JsonValueKind.Object ? Text(e, "message") : e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                        if (message != null)
                        {
                            string? location = e.ValueKind == JsonValueKind.Object ? Text(e, "location") ?? Text(e, "field") : null;
                            return location is null ? message : $"{message} ({location})";
                        }
                    }
                }
                else if (errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty field in errors.EnumerateObject())
                    {
                        if (field.Value.ValueKind == JsonValueKind.Array)
                            foreach (JsonElement m in field.Value.EnumerateArray())
                                if (m.ValueKind == JsonValueKind.String) return $"{field.Name}: {m.GetString()}";
                    }
                }
            }
            string? detail = Text(root, "detail");
            string? title = Text(root, "title");
            if (detail != null) return title is null ? detail : $"{title}: {detail}";
            return Text(root, "msg") ?? Text(root, "message") ?? title;
        }

        private static string? Code(JsonElement root)
        {
            if (root.TryGetProperty("code", out JsonElement code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String) return code.ToString();
            if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out JsonElement inner)
                && inner.ValueKind is JsonValueKind.Number or JsonValueKind.String) return inner.ToString();
            if (root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
                foreach (JsonElement e in errors.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.Object && Text(e, "code") is string c) return c;
            return null;
        }

        private static string? RequestId(JsonElement root) =>
            Text(root, "request_id") ?? Text(root, "requestId") ?? Text(root, "traceId") ?? Text(root, "trace_id");

        private static string? Text(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is string s && s.Length > 0 ? s : null;
    }
}
