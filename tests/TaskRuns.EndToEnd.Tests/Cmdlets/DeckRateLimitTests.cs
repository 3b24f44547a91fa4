using System.Diagnostics;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Deck allows 200 requests per 10 s per API key (429 rate_limit_exceeded, no Retry-After). TaskRuns keeps under it
/// by itself, with one budget per origin and key for the whole process: parallel runspaces share it.
/// </summary>
public sealed class DeckRateLimitTests : IClassFixture<DeckRateLimitFixture>, IDisposable
{
    private const int PerRunspace = 130; // two runspaces: 260 requests, more than one window allows
    private readonly DeckRateLimitFixture _emulator;
    private readonly PowerShellSession _ps;

    public DeckRateLimitTests(DeckRateLimitFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Parallel_runspaces_listing_Deck_hard_share_one_budget_and_never_get_429()
    {
        var stats = _emulator.Host.Stats.Deck;
        long before = stats.Requests;
        // The emulator's request count, sampled while the runspaces list: the rate it saw.
        var samples = new List<(double Seconds, long Requests)>();
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                lock (samples) samples.Add((clock.Elapsed.TotalSeconds, stats.Requests - before));
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var result = _ps.Run($$"""
            $manifest = $args[0]
            1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module $using:manifest
                $deck = $using:deck
                $out = Get-TaskRun @deck -First {{PerRunspace}} -PageSize 1 -Verbose 4>&1
                [pscustomobject]@{
                    Runs = @($out | Where-Object { $_ -is [TaskRuns.Model.TaskRun] }).Count
                    Waited = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*waited*client-side rate limit*' }).Count
                    Errors = @($Error).Count
                }
            }
            """, ModulePaths.Manifest).ThrowIfErrors();
        double elapsed = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        sampler.Wait();

        Assert.Equal(2, result.Output.Count);
        foreach (var runspace in result.Output)
        {
            Assert.Equal(PerRunspace, Convert.ToInt32(runspace.Properties["Runs"].Value));
            Assert.Equal(0, Convert.ToInt32(runspace.Properties["Errors"].Value));
        }
        Assert.Equal(2 * PerRunspace, stats.Requests - before); // no retries: nothing was refused
        Assert.Equal(0, stats.RateLimited);
        // The budget ran out in one runspace or the other and -Verbose said so.
        Assert.True(result.Output.Sum(r => Convert.ToInt32(r.Properties["Waited"].Value)) > 0, "no request reported waiting for the limiter");
        // 260 requests against 180 a window: the rest waited for the window to move on.
        Assert.True(elapsed >= 9, $"the listings took {elapsed:0.0} s; over 200 requests cannot fit in one window");
        lock (samples)
        {
            foreach (var (at, count) in samples)
            {
                // Requests between the first sample inside the 10 s before this one and this one (a span under 10 s).
                long inWindow = count - samples.First(s => s.Seconds >= at - 10).Requests;
                Assert.True(inWindow <= 200, $"{inWindow} requests within 10 s up to {at:0.0} s");
            }
        }
    }
}
