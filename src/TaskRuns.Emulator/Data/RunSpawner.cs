namespace TaskRuns.Emulator.Data;

/// <summary>
/// <see cref="EmulatorOptions.SpawnIntervalMs"/>: every interval each provider creates a run (as its trigger route would, default
/// inputs) in the next of its tasks, round-robin; the run then moves through its lifecycle like any triggered run. Lets follow
/// tests and benchmarks see runs appear without triggering each one.
/// </summary>
internal sealed class RunSpawner : IAsyncDisposable
{
    private readonly IReadOnlyList<IProviderBackend> _backends;
    private readonly EmulatorStats _stats;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RunSpawner(IReadOnlyList<IProviderBackend> backends, EmulatorStats stats, TimeSpan interval)
    {
        _backends = backends;
        _stats = stats;
        _loop = Task.Run(() => RunAsync(interval));
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                foreach (var backend in _backends)
                {
                    try
                    {
                        backend.SpawnRun();
                        _stats.For(backend.Name).AddRunsSpawned();
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine($"TaskRuns.Emulator: spawning a {backend.Name} run failed: {ex}");
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
