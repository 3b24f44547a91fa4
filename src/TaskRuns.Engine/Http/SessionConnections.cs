using System;
using System.Collections.Concurrent;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>
    /// Connections stored by Connect-TaskRunProvider, per runspace (a PowerShell session): runspaces of one process
    /// (ForEach-Object -Parallel, runspace pools) never see each other's keys. Thread-safe.
    /// </summary>
    internal static class SessionConnections
    {
        private static readonly ConcurrentDictionary<(Guid Runspace, TaskRunProvider Provider), SessionConnection> Stored = new();

        public static void Set(Guid runspace, TaskRunProvider provider, SessionConnection connection) => Stored[(runspace, provider)] = connection;

        public static bool Remove(Guid runspace, TaskRunProvider provider) => Stored.TryRemove((runspace, provider), out _);

        public static SessionConnection? Get(Guid runspace, TaskRunProvider provider) => Stored.TryGetValue((runspace, provider), out var c) ? c : null;
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
