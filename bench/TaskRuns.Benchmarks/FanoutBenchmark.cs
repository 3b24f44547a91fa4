using System.Diagnostics;

namespace TaskRuns.Benchmarks;

/// <summary>
/// 16 runspaces of one real pwsh process listing the same Deck task at once (ForEach-Object -Parallel -ThrottleLimit 16)
/// under the emulator's Deck rate limit. The emulator keeps no request times a client can read, so this samples its
/// counters (GET /_emulator/stats) every 100 ms and takes the most requests between two samples at most 10 s apart.
/// </summary>
public static class FanoutBenchmark
{
    /// <summary>25 pages per listing, 400 list requests in all: two windows' worth of Deck's 200 per 10 s.</summary>
    public const int Runs = 2_500;
    public const int Listings = 16;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);
    private const double WindowSeconds = 10;

    public static async Task RunAsync(string? deckRateLimit, int latencyMs)
    {
        Console.WriteLine($"## {Listings} runspaces listing Deck at once (ForEach-Object -Parallel -ThrottleLimit {Listings}, real pwsh), {Runs:N0} runs = {Runs / 100} pages each");
        Console.WriteLine($"Deck rate limit: {deckRateLimit ?? "200/10s (the emulator's default)"}; latency {latencyMs} ms. Request rates from the emulator's counters sampled every {SampleEvery.TotalMilliseconds} ms.");
        using var emulator = new EmulatorProcess(Runs, latencyMs, deckRateLimit);
        using var pwsh = new PwshSession(emulator);
        string task = await emulator.BusiestTaskId("Deck");

        var samples = new List<(double Seconds, RequestCounters Counters)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var counters = await emulator.CountersAsync("Deck");
                lock (samples) samples.Add((clock.Elapsed.TotalSeconds, counters));
                try { await Task.Delay(SampleEvery, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        Fanout fanout;
        try
        {
            fanout = pwsh.FanOutDeck(task, Listings, Listings);
        }
        finally
        {
            stop.Cancel();
            await sampler;
        }
        samples.Add((clock.Elapsed.TotalSeconds, await emulator.CountersAsync("Deck")));

        var total = samples[^1].Counters - samples[0].Counters;
        long served = total.Requests - total.RateLimited;
        int failed = fanout.Listings.Count(l => l.Error is not null);
        int wrong = fanout.Listings.Count(l => l.Error is null && l.Runs != Runs);
        Console.WriteLine("| listings | failed | wrong count | total s | fastest / slowest listing s | Deck requests | served | 429s | peak requests / 10 s | peak served / 10 s | mean requests / 10 s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {fanout.Listings.Count} | {failed} | {wrong} | {fanout.Seconds:0.0} | {fanout.Listings.Min(l => l.Seconds):0.0} / {fanout.Listings.Max(l => l.Seconds):0.0} " +
                          $"| {total.Requests} | {served} | {total.RateLimited} | {PeakPerWindow(samples, c => c.Requests)} | {PeakPerWindow(samples, c => c.Requests - c.RateLimited)} " +
                          $"| {total.Requests / fanout.Seconds * WindowSeconds:0} |");
        foreach (var error in fanout.Listings.Where(l => l.Error is not null).GroupBy(l => l.Error))
            Console.WriteLine($"failed x{error.Count()}: {error.Key}");
        Console.WriteLine($"listing times, s: {string.Join(" ", fanout.Listings.Select(l => l.Seconds).Order().Select(s => s.ToString("0.0")))}");
        Console.WriteLine();
    }

    /// <summary>The largest increase of a counter between two samples taken at most 10 s apart.</summary>
    private static long PeakPerWindow(List<(double Seconds, RequestCounters Counters)> samples, Func<RequestCounters, long> counter)
    {
        long peak = 0;
        int first = 0;
        for (int last = 0; last < samples.Count; last++)
        {
            while (samples[last].Seconds - samples[first].Seconds > WindowSeconds) first++;
            peak = Math.Max(peak, counter(samples[last].Counters) - counter(samples[first].Counters));
        }
        return peak;
    }
}
