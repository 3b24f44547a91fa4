using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator;

/// <summary>Thread-safe counters of the whole emulator (also served at <c>GET /_emulator/stats</c>).</summary>
public sealed class EmulatorStats
{
    private readonly IReadOnlyDictionary<string, ProviderStats> _providers;
    private long _connectionsOpened;

    internal EmulatorStats()
    {
        _providers = ProviderNames.All.ToDictionary(p => p, p => new ProviderStats(p), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>TCP connections accepted by Kestrel (a client that reuses connections keeps this low).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    public ProviderStats Anchor => For(ProviderNames.Anchor);

    public ProviderStats RunWisp => For(ProviderNames.RunWisp);

    public ProviderStats Deck => For(ProviderNames.Deck);

    public ProviderStats BrowserAct => For(ProviderNames.BrowserAct);

    public ProviderStats this[string provider] => For(provider);

    public ProviderStats For(string provider)
    {
        return _providers.TryGetValue(provider, out var stats)
            ? stats
            : throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider));
    }

    /// <summary>Sum of one fault kind over all providers.</summary>
    public long FaultCount(string kind) => _providers.Values.Sum(p => p.FaultCount(kind));

    public void Reset()
    {
        Interlocked.Exchange(ref _connectionsOpened, 0);
        foreach (var stats in _providers.Values)
        {
            stats.Reset();
        }
    }

    internal void AddConnection() => Interlocked.Increment(ref _connectionsOpened);
}
