using System.Text.Json;
using TaskRuns.Http;

namespace TaskRuns.Providers.Anchor
{
    /// <summary>Anchor's error envelope: <c>{"error":{"code":int,"message":string}}</c>, read defensively (<c>error</c> as a string, or a top-level <c>message</c>).</summary>
    internal static class AnchorErrorBody
    {
        public static ProviderErrorBody Read(JsonElement root)
        {
            string? message = null, code = null;
            if (root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.String) message = error.GetString();
                else if (error.ValueKind == JsonValueKind.Object)
                {
                    message = ErrorBodyReader.Text(error, "message");
                    code = ErrorBodyReader.Code(error, "code");
                }
            }
            return new ProviderErrorBody(message ?? ErrorBodyReader.Text(root, "message"), null, code);
        }
    }
}
