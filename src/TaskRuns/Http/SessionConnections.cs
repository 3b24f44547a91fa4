using System;
using System.Collections.Concurrent;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>Connections stored for the session by Connect-TaskRunProvider (process-wide, thread-safe).</summary>
    internal static class SessionConnections
    {
        private static readonly ConcurrentDictionary<TaskRunProvider, SessionConnection> Stored = new();

        public static void Set(TaskRunProvider provider, SessionConnection connection) => Stored[provider] = connection;

        public static bool Remove(TaskRunProvider provider) => Stored.TryRemove(provider, out _);

        public static SessionConnection? Get(TaskRunProvider provider) => Stored.TryGetValue(provider, out var c) ? c : null;
    }

    internal sealed class SessionConnection
    {
        public SessionConnection(Uri? baseUri, ApiCredential? credential, bool allowInsecureHttp)
        {
            BaseUri = baseUri;
            Credential = credential;
            AllowInsecureHttp = allowInsecureHttp;
        }

        public Uri? BaseUri { get; }
        public ApiCredential? Credential { get; }
        public bool AllowInsecureHttp { get; }
    }
}
