using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Gives the emulator a network's latency until disposed. Deck's -All slices only when its first pages take 2 ms or
/// more to come back (on loopback they come back within a millisecond, and one cursor is as fast), so the tests of
/// slicing list across this delay. Set it only where no other test shares the emulator at the same time (a test
/// collection runs its classes one after another; a class fixture belongs to its class).
/// </summary>
public sealed class NetworkLatency : IDisposable
{
    /// <summary>The added delay: every page then takes at least this long, over the 2 ms from which slicing pays.</summary>
    public const int Milliseconds = 3;

    private readonly EmulatorHost _host;
    private readonly int _before;

    public NetworkLatency(EmulatorHost host, int milliseconds = Milliseconds)
    {
        _host = host;
        _before = host.Options.LatencyMs;
        host.Options.LatencyMs = milliseconds;
    }

    public void Dispose() => _host.Options.LatencyMs = _before;
}
