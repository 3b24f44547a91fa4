using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TaskRuns.Emulator.Http;

/// <summary>Writes JSON bodies with <see cref="Utf8JsonWriter"/> into a buffer, then to the response with a Content-Length.</summary>
internal static class JsonResponse
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string ProblemContentType = "application/problem+json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write, string contentType = JsonContentType)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return WriteBytesAsync(context, statusCode, buffer.WrittenMemory, contentType);
    }

    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body, string contentType)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task WriteTextAsync(HttpContext context, int statusCode, string text, string contentType)
    {
        return WriteBytesAsync(context, statusCode, System.Text.Encoding.UTF8.GetBytes(text), contentType);
    }

    /// <summary>A status with no body (Content-Length: 0).</summary>
    public static Task WriteEmptyAsync(HttpContext context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Writes a raw JSON value (already valid JSON text) or null.</summary>
    public static void WriteRawOrNull(this Utf8JsonWriter writer, string propertyName, string? rawJson)
    {
        writer.WritePropertyName(propertyName);
        if (rawJson is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(rawJson, skipInputValidation: true);
        }
    }

    public static void WriteStringOrNull(this Utf8JsonWriter writer, string propertyName, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(propertyName);
        }
        else
        {
            writer.WriteString(propertyName, value);
        }
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string propertyName, long? value)
    {
        if (value is null)
        {
            writer.WriteNull(propertyName);
        }
        else
        {
            writer.WriteNumber(propertyName, value.Value);
        }
    }
}
