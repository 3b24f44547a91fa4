using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TaskRuns.Http
{
    /// <summary>Writes a JSON request body once and hands out a fresh HttpContent for every attempt.</summary>
    internal static class JsonBody
    {
        public static Func<HttpContent> From(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) write(writer);
            byte[] bytes = buffer.ToArray();
            return () => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        }
    }
}
