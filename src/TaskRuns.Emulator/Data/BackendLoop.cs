namespace TaskRuns.Emulator.Data;

/// <summary>
/// A background loop that does one step for every provider backend each period (a failing step is reported on stderr and
/// the loop goes on). Two of them run: the 100 ms ticker that moves triggered runs along their timelines (so state changes
/// and SSE events happen on time), and, with <see cref="EmulatorOptions.SpawnIntervalMs"/>, the spawner that creates runs.
/// </summary>
internal sealed class BackendLoop : IAsyncDisposable
{
    private readonly IReadOnlyList<IProviderBackend> _backends;
    private readonly Action<IProviderBackend> _step;
    private readonly string _what;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private BackendLoop(IReadOnlyList<IProviderBackend> backends, TimeSpan period, string what, Action<IProviderBackend> step)
    {
        _backends = backends;
        _step = step;
        _what = what;
        _loop = Task.Run(() => RunAsync(period));
    }

    /// <summary>Moves triggered runs along their timelines every <paramref name="period"/>.</summary>
    public static BackendLoop Ticker(IReadOnlyList<IProviderBackend> backends, TimeSpan period) =>
        new(backends, period, "advancing runs", backend => backend.AdvanceTriggeredRuns(DateTimeOffset.UtcNow));

    /// <summary>
    /// Every <paramref name="interval"/> each provider creates a run (as its trigger route would, default inputs) in the next
    /// of its tasks, round-robin; the run then moves through its lifecycle like any triggered run.
    /// </summary>
    public static BackendLoop Spawner(IReadOnlyList<IProviderBackend> backends, EmulatorStats stats, TimeSpan interval) =>
        new(backends, interval, "spawning a run", backend =>
        {
            backend.SpawnRun();
            stats.For(backend.Name).AddRunsSpawned();
        });

    private async Task RunAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                foreach (var backend in _backends)
                {
                    try
                    {
                        _step(backend);
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine($"TaskRuns.Emulator: {_what} of {backend.Name} failed: {ex}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
