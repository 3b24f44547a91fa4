namespace TaskRuns.Emulator.Data;

/// <summary>Background loop (every 100 ms) that moves triggered runs along their timelines, so state changes and SSE events happen on time.</summary>
internal sealed class TriggeredRunTicker : IAsyncDisposable
{
    private readonly IReadOnlyList<IProviderBackend> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TriggeredRunTicker(IReadOnlyList<IProviderBackend> backends, TimeSpan period)
    {
        _backends = backends;
        _loop = Task.Run(() => RunAsync(period));
    }

    private async Task RunAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var backend in _backends)
                {
                    try
                    {
                        backend.AdvanceTriggeredRuns(now);
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine($"TaskRuns.Emulator: advancing {backend.Name} runs failed: {ex}");
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
