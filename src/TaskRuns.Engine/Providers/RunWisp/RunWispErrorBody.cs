using System.Text.Json;
using TaskRuns.Http;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// RunWisp's application/problem+json (RFC 9457): <c>{title, status, detail, errors:[{message, location, value}]}</c>.
    /// The first field error says most ("expected number &lt;= 1000 (query.limit)"); else "title: detail".
    /// </summary>
    internal static class RunWispErrorBody
    {
        public static ProviderErrorBody Read(JsonElement root)
        {
            if (root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement e in errors.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object && ErrorBodyReader.Text(e, "message") is string message)
                        return new ProviderErrorBody(ErrorBodyReader.Text(e, "location") is string location ? $"{message} ({location})" : message, null);
                }
            }
            string? detail = ErrorBodyReader.Text(root, "detail");
            string? title = ErrorBodyReader.Text(root, "title");
            return new ProviderErrorBody(detail is null ? title : title is null ? detail : $"{title}: {detail}", null);
        }
    }
}
