using System.Text.Json;

namespace TaskRuns.Emulator.Http;

/// <summary>Reads an optional JSON request body.</summary>
internal static class RequestBody
{
    /// <summary>
    /// Parses the body. Returns true with a null document for an empty body; false when the body is not JSON.
    /// </summary>
    public static async Task<(bool Ok, JsonDocument? Document)> TryReadJsonAsync(HttpContext context)
    {
        using var memory = new MemoryStream();
        await context.Request.Body.CopyToAsync(memory, context.RequestAborted);
        if (memory.Length == 0)
        {
            return (true, null);
        }

        try
        {
            return (true, JsonDocument.Parse(memory.ToArray()));
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    public static string? GetString(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
