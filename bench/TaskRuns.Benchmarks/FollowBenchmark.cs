using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Get-TaskRun -Follow (#17). Latency: one follow of all four providers at once while the benchmark starts runs
/// (Start-TaskRun, in a second runspace) at random gaps; every output is timed when the cmdlet writes it, against the
/// moment the emulator made that state (a triggered run is created during Start-TaskRun, running after a third of
/// --run-duration-ms, ended at the full duration). Memory: a long follow of runs the emulator spawns by itself, the
/// process's managed heap and working set sampled as thousands of runs appear and end.
/// </summary>
public static class FollowBenchmark
{
    private static readonly string[] Providers = { "Anchor", "RunWisp", "Deck", "BrowserAct" };

    private sealed record Started(string Provider, string Id, double SentAt, double ReturnedAt);

    private sealed record Written(double At, string Provider, string Id, string Status, bool Terminal);

    public static async Task LatencyAsync(int pollSeconds, int runsPerProvider)
    {
        const int DurationMs = 9_000;
        Console.WriteLine($"## Follow latency: Get-TaskRun -Follow -PollInterval {pollSeconds} over all four providers, {runsPerProvider} runs started per provider");
        Console.WriteLine($"Runs last {DurationMs / 1000} s (running from {DurationMs / 3000} s); delay = output written - the moment the emulator made that state.");
        using var emulator = new EmulatorProcess(20, extraArguments: new[] { "--run-duration-ms", DurationMs.ToString() });
        var tasks = new Dictionary<string, string>();
        foreach (string p in Providers) tasks[p] = await emulator.BusiestTaskId(p);
        using var follower = new ConnectedRunspace(emulator.BaseUri);
        using var starter = new ConnectedRunspace(emulator.BaseUri);
        foreach (string p in Providers) starter.Invoke("$null = Get-TaskRun -Provider $args[0] -TaskId $args[1] -First 1", p, tasks[p]); // warm-up: JIT, login

        var clock = Stopwatch.StartNew();
        var written = new ConcurrentQueue<Written>();
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) =>
        {
            double at = clock.Elapsed.TotalSeconds;
            PSObject o = output[e.Index];
            written.Enqueue(new Written(at, o.Properties["Provider"].Value.ToString()!, o.Properties["Id"].Value.ToString()!,
                o.Properties["Status"].Value.ToString()!, o.Properties["IsTerminal"].Value is true));
        };
        using var follow = PowerShell.Create();
        follow.Runspace = follower.Runspace;
        follow.AddScript($"Get-TaskRun -Follow -PollInterval {pollSeconds}");
        IAsyncResult handle = follow.BeginInvoke<PSObject, PSObject>(null, output);
        await Task.Delay(4000); // the baseline is taken: runs started from now on are new

        var random = new Random(17);
        var started = new List<Started>();
        for (int i = 0; i < runsPerProvider; i++)
        {
            foreach (string p in Providers)
            {
                double sent = clock.Elapsed.TotalSeconds;
                string id = starter.Invoke("(Start-TaskRun -Provider $args[0] -TaskId $args[1]).Id", p, tasks[p]).Single().ToString();
                started.Add(new Started(p, id, sent, clock.Elapsed.TotalSeconds));
            }
            await Task.Delay(random.Next(400, 1600)); // random gaps: every phase of the poll interval is sampled
        }
        await Task.Delay(DurationMs + 2 * pollSeconds * 1000 + 3000);
        follow.Stop();
        try { follow.EndInvoke(handle); } catch (PipelineStoppedException) { }
        if (follow.Streams.Error.Count > 0) Console.WriteLine("!! errors: " + string.Join("; ", follow.Streams.Error.Take(3)));

        Console.WriteLine("| provider | followed through | runs | outputs | ended seen | new run: median / p95 / max s | change: median / p95 / max s | target s | Start-TaskRun median / max s | new run from Start-TaskRun's return: max s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var byRun = written.GroupBy(w => (w.Provider, w.Id)).ToDictionary(g => g.Key, g => g.OrderBy(w => w.At).ToList());
        foreach (string p in Providers)
        {
            var appear = new List<double>();
            var appearLow = new List<double>();
            var change = new List<double>();
            int ended = 0, runs = 0, outputs = 0;
            foreach (Started s in started.Where(s => s.Provider == p))
            {
                runs++;
                if (!byRun.TryGetValue((p, s.Id), out var outs)) continue;
                outputs += outs.Count;
                appear.Add(outs[0].At - s.SentAt);
                appearLow.Add(outs[0].At - s.ReturnedAt); // the run was created between SentAt and ReturnedAt
                foreach (Written w in outs)
                {
                    // The state's start, from the Start-TaskRun request (the run is created while it is served).
                    double from = w.Terminal ? DurationMs / 1000.0 : w.Status == "Running" ? DurationMs / 3000.0 : 0;
                    change.Add(w.At - s.SentAt - from);
                    if (w.Terminal) ended++;
                }
            }
            var roundTrips = started.Where(s => s.Provider == p).Select(s => s.ReturnedAt - s.SentAt).ToList();
            string way = p switch { "RunWisp" => "run stream (SSE)", "Deck" => "events, polled", _ => "newest page, polled" };
            string target = p == "RunWisp" ? "≤ 1" : $"≤ {pollSeconds} + 1 request";
            if (ended != runs) Console.WriteLine($"!! {p}: {runs - ended} of {runs} runs never seen ending");
            Console.WriteLine($"| {p} | {way} | {runs} | {outputs} | {ended} | {Figures(appear)} | {Figures(change)} | {target} | {Percentile(roundTrips, 0.5):0.000} / {roundTrips.Max():0.000} | {(appearLow.Count == 0 ? double.NaN : appearLow.Max()):0.00} |");
        }
        Console.WriteLine();
    }

    public static async Task MemoryAsync(int seconds, int spawnIntervalMs)
    {
        const int DurationMs = 600, SampleSeconds = 15;
        Console.WriteLine($"## Follow memory: Get-TaskRun -Follow -PollInterval 1 over all four providers for {seconds} s, each provider spawning a run every {spawnIntervalMs} ms (each lasting {DurationMs} ms)");
        Console.WriteLine("Managed heap after a full GC and working set of the benchmark process (hosted runspace + module; the sink keeps nothing).");
        using var emulator = new EmulatorProcess(20, extraArguments: new[] { "--run-duration-ms", DurationMs.ToString(), "--spawn-interval-ms", spawnIntervalMs.ToString() });
        using var follower = new ConnectedRunspace(emulator.BaseUri);
        using var follow = PowerShell.Create();
        follow.Runspace = follower.Runspace;
        follow.AddScript($"Get-TaskRun -Follow -PollInterval 1 -Timeout {seconds} | Measure-FollowedRun");
        var me = Process.GetCurrentProcess();
        IAsyncResult handle = follow.BeginInvoke();
        var clock = Stopwatch.StartNew();
        Console.WriteLine("| s | runs spawned | outputs | ended seen | managed heap MiB | working set MiB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        var heaps = new List<double>();
        while (!handle.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(SampleSeconds)), Task.Run(() => handle.AsyncWaitHandle.WaitOne()));
            long spawned = 0;
            spawned = await SpawnedAsync(emulator.BaseUri);
            double heap = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            me.Refresh();
            heaps.Add(heap);
            Console.WriteLine($"| {clock.Elapsed.TotalSeconds:0} | {spawned:N0} | {MeasureFollowedRunCommand.Outputs:N0} | {MeasureFollowedRunCommand.Ended:N0} | {heap:0.0} | {me.WorkingSet64 / 1048576.0:0} |");
        }
        follow.EndInvoke(handle);
        if (follow.Streams.Error.Count > 0) Console.WriteLine("!! errors: " + string.Join("; ", follow.Streams.Error.Take(3)));
        Console.WriteLine($"peak working set {me.PeakWorkingSet64 / 1048576.0:0} MiB; managed heap first sample {heaps[0]:0.0} MiB, last {heaps[^1]:0.0} MiB");
        Console.WriteLine();
    }

    private static readonly HttpClient Control = new();

    /// <summary>runsSpawned of every provider (GET /_emulator/stats).</summary>
    private static async Task<long> SpawnedAsync(Uri emulator)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await Control.GetStringAsync(new Uri(emulator, "/_emulator/stats")));
        return Providers.Sum(p => doc.RootElement.GetProperty(p.ToLowerInvariant()).GetProperty("runsSpawned").GetInt64());
    }

    private static string Figures(List<double> values) =>
        values.Count == 0 ? "–" : $"{Percentile(values, 0.5):0.00} / {Percentile(values, 0.95):0.00} / {values.Max():0.00}";

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }
}
