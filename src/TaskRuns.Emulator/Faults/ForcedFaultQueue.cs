namespace TaskRuns.Emulator.Faults;

/// <summary>
/// Faults forced through <see cref="EmulatorHost.ForceFaults"/> or <c>POST /_emulator/faults</c>:
/// each entry skips <c>afterRequests</c> matching requests, then hits the next <c>count</c> ones.
/// A request matches when it is of that provider, the kind applies to its endpoint and — when the entry names a
/// path — the request is for that path (so a test can fault one endpoint, e.g. the SSE stream, whatever else runs).
/// </summary>
internal sealed class ForcedFaultQueue
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();

    /// <summary>Queues a forced fault; throws <see cref="ArgumentException"/> for an unknown provider or kind.</summary>
    public void Add(string provider, string kind, int count, int afterRequests, string? path = null)
    {
        var providerName = provider?.Trim().ToLowerInvariant();
        if (!Data.ProviderNames.IsKnown(providerName))
        {
            throw new ArgumentException($"Unknown provider '{provider}'. Known: {string.Join(", ", Data.ProviderNames.All)}.", nameof(provider));
        }

        if (kind is null || !FaultKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown fault '{kind}'. Known: {string.Join(", ", FaultKinds.All)}.", nameof(kind));
        }

        if (count <= 0)
        {
            return;
        }

        provider = providerName!;

        lock (_gate)
        {
            _entries.Add(new Entry(provider, kind, NormalisePath(path)) { Remaining = count, Skip = Math.Max(0, afterRequests) });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Returns the forced fault for this request, if any (every entry counts the request independently).</summary>
    public string? Take(ProviderEndpoint endpoint, string requestPath)
    {
        var path = NormalisePath(requestPath);
        lock (_gate)
        {
            string? chosen = null;
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (!string.Equals(entry.Provider, endpoint.Provider, StringComparison.OrdinalIgnoreCase)
                    || !FaultKinds.AppliesTo(entry.Kind, endpoint)
                    || (entry.Path is not null && !string.Equals(entry.Path, path, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (entry.Skip > 0)
                {
                    entry.Skip--;
                    continue;
                }

                if (chosen is null)
                {
                    chosen = entry.Kind;
                    entry.Remaining--;
                }
            }

            _entries.RemoveAll(e => e.Remaining <= 0);
            return chosen;
        }
    }

    /// <summary>"/api/runs/stream/" and "api//runs/stream" name the same endpoint; null and "" mean any path.</summary>
    private static string? NormalisePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments);
    }

    private sealed class Entry(string provider, string kind, string? path)
    {
        public string Provider { get; } = provider;

        public string Kind { get; } = kind;

        public string? Path { get; } = path;

        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
