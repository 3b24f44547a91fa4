// TaskRuns benchmarks. One command runs them all and prints tables:
//   dotnet run -c Release --project bench/TaskRuns.Benchmarks            (all: throughput, latency, memory, cross, parsers, fanout)
//   dotnet run -c Release --project bench/TaskRuns.Benchmarks -- throughput|latency|memory|cross|parsers
// In real pwsh (the local tool, see docs/performance.md); fanout takes about 25 s and is part of `all`, irm about
// 5 minutes and is not:
//   ... -- irm [--rounds N] [--providers Anchor,Deck] [--deck-rate-limit off|200/10s]
//   ... -- fanout [--deck-rate-limit off|200/10s] [--latency-ms N]
// Follow and logs (#17, #18; not in `all`): -- follow [--poll-interval 5] [--runs 30] | follow-memory [--seconds 180] [--spawn-interval-ms 50] | logs
using System.Diagnostics;
using System.Runtime.InteropServices;
using TaskRuns.Benchmarks;

string[] providers = { "Anchor", "RunWisp", "Deck", "BrowserAct" };
string mode = args.Length > 0 ? args[0] : "all";
string? Option(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

if (mode == "memory-child")
{
    // memory-child <provider> <runs> <emulator> <taskId>: list N runs, report this process's peak working set.
    using var session = new ModuleSession(new Uri(args[3]));
    var (runs, _) = session.List(args[1], args[4], $"-First {args[2]}");
    Console.WriteLine($"runs={runs} peak={Process.GetCurrentProcess().PeakWorkingSet64}");
    return;
}

if (mode == "logs-child")
{
    LogBenchmark.Child(args);
    return;
}

Console.WriteLine($"# TaskRuns benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine();

if (mode is "all" or "throughput") await Throughput();
if (mode is "all" or "latency") await Latency();
if (mode is "all" or "memory") await Memory();
if (mode is "all" or "cross") CrossProviderBenchmark.Run();
if (mode is "all" or "parsers") BenchmarkDotNet.Running.BenchmarkRunner.Run<ParserBenchmarks>();
if (mode is "follow" or "follow-memory" or "logs")
{
    Console.WriteLine($"load average: {LoadAverage()}");
    if (mode == "follow") await FollowBenchmark.LatencyAsync(int.Parse(Option("--poll-interval") ?? "5"), int.Parse(Option("--runs") ?? "30"));
    else if (mode == "follow-memory") await FollowBenchmark.MemoryAsync(int.Parse(Option("--seconds") ?? "180"), int.Parse(Option("--spawn-interval-ms") ?? "50"));
    else await LogBenchmark.RunAsync();
    Console.WriteLine($"load average: {LoadAverage()}");
}
if (mode is "all" or "irm" or "fanout")
{
    // Other work on a shared machine moves these figures most: print the load before and after.
    Console.WriteLine($"load average: {LoadAverage()}");
    if (mode == "irm")
        await IrmBenchmark.RunAsync(Option("--providers")?.Split(',') ?? providers, int.Parse(Option("--rounds") ?? "5"), Option("--deck-rate-limit"));
    else
        await FanoutBenchmark.RunAsync(Option("--deck-rate-limit"), int.Parse(Option("--latency-ms") ?? "0"));
    Console.WriteLine($"load average: {LoadAverage()}");
}

async Task Throughput()
{
    const int Runs = 100_000, Rounds = 5;
    Console.WriteLine($"## 1. Get-TaskRun -All over {Runs:N0} runs vs a plain HttpClient + System.Text.Json floor (best of {Rounds})");
    Console.WriteLine("Client CPU is this process's processor time per run (the emulator runs in its own process on the same cores).");
    using var emulator = new EmulatorProcess(Runs);
    using var session = new ModuleSession(emulator.BaseUri);
    Console.WriteLine("| provider | page size | module runs/s | floor runs/s | module / floor | module CPU µs/run | floor CPU µs/run |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    var me = Process.GetCurrentProcess();
    foreach (string provider in providers)
    {
        string task = await emulator.BusiestTaskId(provider);
        int pageSize = MaxPage(provider);
        session.List(provider, task, "-First 3000"); // warm-up: JIT, login, connections
        await FloorLister.CountAsync(provider, emulator.BaseUri, task, pageSize, 3000);
        double module = 0, floor = 0, moduleCpu = double.MaxValue, floorCpu = double.MaxValue;
        long moduleRuns = 0, floorRuns = 0;
        for (int i = 0; i < Rounds; i++)
        {
            me.Refresh();
            TimeSpan cpu = me.TotalProcessorTime;
            var (n, s) = session.List(provider, task);
            me.Refresh();
            moduleCpu = Math.Min(moduleCpu, (me.TotalProcessorTime - cpu).TotalMicroseconds / n);
            moduleRuns = n;
            module = Math.Max(module, n / s);

            cpu = me.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            floorRuns = await FloorLister.CountAsync(provider, emulator.BaseUri, task, pageSize);
            floor = Math.Max(floor, floorRuns / clock.Elapsed.TotalSeconds);
            me.Refresh();
            floorCpu = Math.Min(floorCpu, (me.TotalProcessorTime - cpu).TotalMicroseconds / floorRuns);
        }
        if (moduleRuns != floorRuns || moduleRuns != Runs) Console.WriteLine($"!! {provider}: module listed {moduleRuns}, floor {floorRuns}, expected {Runs}");
        Console.WriteLine($"| {provider} | {pageSize} | {module:N0} | {floor:N0} | {module / floor:0.00} | {moduleCpu:0.0} | {floorCpu:0.0} |");
    }
    Console.WriteLine();
}

async Task Latency()
{
    const int Runs = 10_000, PageSize = 100, LatencyMs = 50, ConsumerUs = 500;
    Console.WriteLine($"## 2. {Runs / PageSize} pages of {PageSize} with {LatencyMs} ms server latency: wall time vs strictly sequential paging");
    Console.WriteLine($"Sequential = a plain loop that fetches page after page and only counts. The last row gives Deck's pipeline {ConsumerUs} µs of work per run");
    Console.WriteLine($"({ConsumerUs * PageSize / 1000} ms per page); its sequential reference is fetching plus that work done one after the other.");
    using var emulator = new EmulatorProcess(Runs, LatencyMs);
    using var session = new ModuleSession(emulator.BaseUri);
    Console.WriteLine("| provider | sequential s | module -ThrottleLimit 1 s | module default s | default / sequential |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var (provider, consumer) in providers.Select(p => (p, 0)).Append(("Deck", ConsumerUs)))
    {
        bool working = consumer > 0;
        string task = await emulator.BusiestTaskId(provider);
        session.List(provider, task, "-First 200 -PageSize 100");
        var clock = Stopwatch.StartNew();
        long fetched = await FloorLister.CountAsync(provider, emulator.BaseUri, task, PageSize);
        double sequential = clock.Elapsed.TotalSeconds + (working ? session.ConsumeOnly(Runs, consumer) : 0);
        var (one, oneSeconds) = session.List(provider, task, $"-PageSize {PageSize} -ThrottleLimit 1", consumer);
        var (all, parallel) = session.List(provider, task, $"-PageSize {PageSize}", consumer);
        if (fetched != Runs || one != Runs || all != Runs) Console.WriteLine($"!! {provider}: listed {fetched}/{one}/{all} of {Runs}");
        string label = working ? $"Deck, pipeline {ConsumerUs} µs/run" : provider;
        Console.WriteLine($"| {label} | {sequential:0.00} | {oneSeconds:0.00} | {parallel:0.00} | {parallel / sequential:0.00} |");
    }
    Console.WriteLine();
}

async Task Memory()
{
    int[] sizes = { 10_000, 200_000 };
    Console.WriteLine("## 3. Peak working set of a PowerShell host listing N runs (Get-TaskRun -All -First N, one process per measurement)");
    using var emulator = new EmulatorProcess(sizes[^1]);
    Console.WriteLine("| provider | 10,000 runs MiB | 200,000 runs MiB | ratio |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (string provider in providers)
    {
        string task = await emulator.BusiestTaskId(provider);
        var peaks = new List<double>();
        foreach (int size in sizes)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(ModuleSession).Assembly.Location);
            foreach (string a in new[] { "memory-child", provider, size.ToString(), emulator.BaseUri.ToString(), task }) start.ArgumentList.Add(a);
            var child = ChildProcesses.Start(start);
            string line = child.StandardOutput.ReadToEnd().Trim().Split('\n').Last();
            child.WaitForExit();
            ChildProcesses.Stop(child);
            var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1]));
            if (fields["runs"] != size) Console.WriteLine($"!! {provider}: listed {fields["runs"]} of {size}");
            peaks.Add(fields["peak"] / 1048576.0);
        }
        Console.WriteLine($"| {provider} | {peaks[0]:N0} | {peaks[1]:N0} | {peaks[1] / peaks[0]:0.00} |");
    }
    Console.WriteLine();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

static int MaxPage(string provider) => provider switch { "Anchor" => 100, "RunWisp" => 1000, "Deck" => 100, _ => 500 };
