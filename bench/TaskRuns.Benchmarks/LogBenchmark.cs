using System.Diagnostics;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Get-TaskRunLog over a huge RunWisp log (#18): the emulator makes one run's log N bytes long (100-byte lines generated
/// from their number, POST /_emulator/runwisp/huge-log), and a child process (hosted runspace + module, nothing else)
/// reads it into a counting sink, entries (the JSON pages) or -Raw (the stored text), and reports its peak working set.
/// Flat memory: the peak should not grow with the log.
/// </summary>
public static class LogBenchmark
{
    private static readonly long[] Sizes = { 10_000_000, 200_000_000 };

    public static async Task RunAsync()
    {
        Console.WriteLine("## Huge RunWisp log: peak working set of a PowerShell host reading it with Get-TaskRunLog (one process per measurement)");
        using var emulator = new EmulatorProcess(20);
        string task = await emulator.BusiestTaskId("RunWisp");
        string run;
        using (var parent = new ConnectedRunspace(emulator.BaseUri))
            run = parent.Invoke("(Get-TaskRun -Provider RunWisp -TaskId $args[0] -Status ended -First 1).Id", task).Single().ToString();
        using var control = new HttpClient();
        Console.WriteLine("| read | log MB | lines | seconds | peak working set MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var peaks = new Dictionary<(bool Raw, long Size), double>();
        foreach (bool raw in new[] { false, true })
            foreach (long size in Sizes)
            {
                using var body = new StringContent($$"""{"runId":"{{run}}","bytes":{{size}}}""", System.Text.Encoding.UTF8, "application/json");
                (await control.PostAsync(new Uri(emulator.BaseUri, "/_emulator/runwisp/huge-log"), body)).EnsureSuccessStatusCode();
                var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(LogBenchmark).Assembly.Location);
                foreach (string a in new[] { "logs-child", emulator.BaseUri.ToString(), task, run, raw ? "raw" : "entries" }) start.ArgumentList.Add(a);
                var child = ChildProcesses.Start(start);
                string line = child.StandardOutput.ReadToEnd().Trim().Split('\n').Last();
                child.WaitForExit();
                ChildProcesses.Stop(child);
                var fields = line.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
                long lines = long.Parse(fields["lines"]);
                long expected = (size + 99) / 100;
                if (lines != expected) Console.WriteLine($"!! read {lines} lines of {expected}");
                double peak = long.Parse(fields["peak"]) / 1048576.0;
                peaks[(raw, size)] = peak;
                Console.WriteLine($"| {(raw ? "-Raw" : "entries")} | {size / 1_000_000:N0} | {lines:N0} | {double.Parse(fields["seconds"], System.Globalization.CultureInfo.InvariantCulture):0.0} | {peak:N0} |");
            }
        foreach (bool raw in new[] { false, true })
            Console.WriteLine($"{(raw ? "-Raw" : "entries")}: peak at {Sizes[1] / 1_000_000} MB / at {Sizes[0] / 1_000_000} MB = {peaks[(raw, Sizes[1])] / peaks[(raw, Sizes[0])]:0.00}");
        Console.WriteLine();
    }

    /// <summary>logs-child &lt;emulator&gt; &lt;task&gt; &lt;run&gt; raw|entries: read the log into the counting sink, print lines, seconds, peak.</summary>
    public static void Child(string[] args)
    {
        using var session = new ConnectedRunspace(new Uri(args[1]));
        string raw = args[4] == "raw" ? "-Raw" : "";
        var clock = Stopwatch.StartNew();
        long lines = (long)session.Invoke($"Get-TaskRunLog -Provider RunWisp -TaskId $args[0] -Id $args[1] {raw} | Measure-RunCount", args[2], args[3]).Single().BaseObject;
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"lines={lines} seconds={seconds:0.00} peak={Process.GetCurrentProcess().PeakWorkingSet64}"));
    }
}
