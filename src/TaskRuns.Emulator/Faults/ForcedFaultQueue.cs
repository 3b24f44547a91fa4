namespace TaskRuns.Emulator.Faults;

/// <summary>
/// Faults forced through <see cref="EmulatorHost.ForceFaults"/> or <c>POST /_emulator/faults</c>:
/// each entry skips <c>afterRequests</c> matching requests, then hits the next <c>count</c> ones.
/// A request matches when it is of that provider and the kind applies to its endpoint.
/// </summary>
internal sealed class ForcedFaultQueue
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();

    /// <summary>Queues a forced fault; throws <see cref="ArgumentException"/> for an unknown provider or kind.</summary>
    public void Add(string provider, string kind, int count, int afterRequests)
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
            _entries.Add(new Entry(provider, kind) { Remaining = count, Skip = Math.Max(0, afterRequests) });
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
    public string? Take(ProviderEndpoint endpoint)
    {
        lock (_gate)
        {
            string? chosen = null;
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (!string.Equals(entry.Provider, endpoint.Provider, StringComparison.OrdinalIgnoreCase)
                    || !FaultKinds.AppliesTo(entry.Kind, endpoint))
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

    private sealed class Entry(string provider, string kind)
    {
        public string Provider { get; } = provider;

        public string Kind { get; } = kind;

        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
