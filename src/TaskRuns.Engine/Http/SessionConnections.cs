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

        private static readonly ConcurrentDictionary<Guid, bool> Watched = new();

        public static void Set(Guid runspace, TaskRunProvider provider, SessionConnection connection) => Stored[(runspace, provider)] = connection;

        /// <summary>
        /// Forgets every connection of <paramref name="runspace"/> when it closes, so a host that opens and closes many
        /// runspaces (runspace pools, ForEach-Object -Parallel, automation workers) does not keep their keys.
        /// </summary>
        public static void ForgetWhenClosed(System.Management.Automation.Runspaces.Runspace? runspace)
        {
            if (runspace is null || !Watched.TryAdd(runspace.InstanceId, true)) return;
            Guid id = runspace.InstanceId;
            runspace.StateChanged += (sender, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state != System.Management.Automation.Runspaces.RunspaceState.Closed && state != System.Management.Automation.Runspaces.RunspaceState.Broken) return;
                foreach (var key in Stored.Keys)
                    if (key.Runspace == id) Stored.TryRemove(key, out _);
                Watched.TryRemove(id, out _);
            };
        }

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
