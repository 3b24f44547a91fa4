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

    [Fact]
    public void A_listing_that_meets_another_spending_the_budget_stays_on_its_cursor()
    {
        // Other commands of the process are using the key's budget as this listing starts: 170 of its 180 places spent
        // a moment ago, and a request of another runspace still in flight (stalled by the emulator). Slicing (8 probes,
        // then a page per slice) would add requests that only wait, so the -All listing reads its one cursor instead —
        // exactly the sequential walk's pages, no probe — and says so in -Verbose.
        // Across a network's latency: on loopback alone the listing would stay on its cursor for that reason.
        using var latency = new NetworkLatency(_emulator.Host);
        var oracle = _emulator.Host.Store.Runs("deck").Select(r => r.Id).ToList();
        Assert.True(oracle.Count / 20 >= 10, "the listing needs enough pages to be sliced");
        var stats = _emulator.Host.Stats.Deck;
        _ps.Run("$null = Get-TaskRun @deck -First 170 -PageSize 1").ThrowIfErrors();

        long slowBefore = stats.FaultCount("slow");
        _emulator.Host.ForceFaults("deck", "slow", 1);
        using var other = _emulator.NewSession();
        var (stalled, handle) = other.Begin($"Get-TaskRun @deck -Id '{oracle[0]}'");
        using (stalled)
        {
            Poll.Until(() => stats.FaultCount("slow") > slowBefore, TimeSpan.FromSeconds(10), "the other runspace's request did not reach the emulator");

            long before = stats.ListRequestsAnswered;
            var listed = _ps.Run("Get-TaskRun @deck -All -PageSize 20 -Verbose").ThrowIfErrors();
            long requests = stats.AnsweredListRequestsSettled() - before;

            Assert.Equal(oracle, listed.Runs().Select(r => r.Id).ToList());
            Assert.Contains(listed.Verbose, v => v.StartsWith("Deck: reading the listing on one cursor: other listings of this key", StringComparison.Ordinal));
            Assert.DoesNotContain(listed.Verbose, v => v.Contains("creation-time slices below"));
            Assert.Equal((oracle.Count + 19) / 20 + (oracle.Count % 20 == 0 ? 1 : 0), requests);
            Assert.Equal(0, stats.RateLimited);
            stalled.Stop();
        }
    }
}
