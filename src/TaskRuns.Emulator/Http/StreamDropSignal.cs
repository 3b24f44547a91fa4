namespace TaskRuns.Emulator.Http;

/// <summary>
/// Lets a test end every open SSE connection at once (<c>POST /_emulator/drop-streams</c>, <see cref="EmulatorHost.DropStreams"/>):
/// each stream handler links its loop to <see cref="Token"/> and aborts its connection when it fires, as a daemon restart or a
/// proxy timeout would. Connections opened afterwards get a fresh token.
/// </summary>
internal sealed class StreamDropSignal
{
    private CancellationTokenSource _current = new();
    private long _dropped;

    public CancellationToken Token => Volatile.Read(ref _current).Token;

    /// <summary>Streams ended by <see cref="Drop"/> so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Drop()
    {
        var previous = Interlocked.Exchange(ref _current, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public void CountDropped() => Interlocked.Increment(ref _dropped);
}
