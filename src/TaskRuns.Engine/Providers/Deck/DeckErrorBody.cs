using System.Text.Json;
using TaskRuns.Http;

namespace TaskRuns.Providers.Deck
{
    /// <summary>
    /// Deck's two error envelopes: <c>{"errors":[{type, code, message, field?}], "request_id"}</c> (404, 409, 422, 429,
    /// 500) and the validation problem <c>{type, title, status, errors:{field:[msg]}, traceId}</c> (400). 401 and 403
    /// come without a body.
    /// </summary>
    internal static class DeckErrorBody
    {
        public static ProviderErrorBody Read(JsonElement root)
        {
            string? requestId = ErrorBodyReader.Text(root, "request_id") ?? ErrorBodyReader.Text(root, "traceId");
            if (root.TryGetProperty("errors", out JsonElement errors))
            {
                if (errors.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement e in errors.EnumerateArray())
                    {
                        if (e.ValueKind != JsonValueKind.Object || ErrorBodyReader.Text(e, "message") is not string message) continue;
                        string text = ErrorBodyReader.Text(e, "field") is string field ? $"{message} ({field})" : message;
                        return new ProviderErrorBody(text, requestId, ErrorBodyReader.Text(e, "code"));
                    }
                }
                else if (errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty field in errors.EnumerateObject())
                    {
                        if (field.Value.ValueKind != JsonValueKind.Array) continue;
                        foreach (JsonElement m in field.Value.EnumerateArray())
                            if (m.ValueKind == JsonValueKind.String) return new ProviderErrorBody($"{field.Name}: {m.GetString()}", requestId);
                    }
                }
            }
            return new ProviderErrorBody(ErrorBodyReader.Text(root, "title"), requestId);
        }
    }
}
