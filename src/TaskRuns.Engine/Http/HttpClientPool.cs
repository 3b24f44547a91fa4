using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace TaskRuns.Http
{
    /// <summary>
    /// One long-lived HttpClient per origin for the whole process, so connections are pooled and reused across
    /// commands and runspaces. On .NET Core the handler is a SocketsHttpHandler with a bounded connection lifetime (DNS changes are seen).
    /// </summary>
    internal static class HttpClientPool
    {
        private static readonly ConcurrentDictionary<string, HttpClient> Clients = new(StringComparer.OrdinalIgnoreCase);

        public static HttpClient For(Uri baseUri) =>
            Clients.GetOrAdd(baseUri.GetLeftPart(UriPartial.Authority), _ => Create());

        private static HttpClient Create()
        {
            var client = new HttpClient(CreateHandler(), disposeHandler: true)
            {
                // Timeouts are enforced per attempt by the resilience pipeline, which can tell them from Ctrl+C.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.UserAgent.ParseAdd("TaskRuns/" + typeof(HttpClientPool).Assembly.GetName().Version);
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            return client;
        }

        private static HttpMessageHandler CreateHandler()
        {
            // netstandard2.0 cannot name SocketsHttpHandler; create it where the runtime has it (PowerShell 7).
            Type? sockets = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (sockets != null && Activator.CreateInstance(sockets) is HttpMessageHandler handler)
            {
                sockets.GetProperty("AutomaticDecompression")?.SetValue(handler, DecompressionMethods.GZip | DecompressionMethods.Deflate);
                sockets.GetProperty("PooledConnectionLifetime")?.SetValue(handler, TimeSpan.FromMinutes(5));
                sockets.GetProperty("MaxConnectionsPerServer")?.SetValue(handler, 32);
                return handler;
            }
            return new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate };
        }
    }
}
