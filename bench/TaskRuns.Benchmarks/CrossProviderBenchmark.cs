using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Get-TaskRun -All over all four providers (merged newest first) against each provider's own -All, at 50 ms server
/// latency: the merge reads providers at once, so its wall time should stay near the slowest provider's (#16: ≤ 1.2×).
/// </summary>
public static class CrossProviderBenchmark
{
    public static void Run()
    {
        const int Runs = 2_000, LatencyMs = 50, Rounds = 3;
        string[] providers = { "Anchor", "RunWisp", "Deck", "BrowserAct" };
        Console.WriteLine($"## Cross-provider -All: four providers merged vs each alone ({Runs:N0} runs each, {LatencyMs} ms latency, best of {Rounds})");
        using var emulator = new EmulatorProcess(Runs, LatencyMs);
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Measure-RunCount", typeof(MeasureRunCountCommand), null));
        using Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        Invoke(runspace, "Import-Module $args[0] -ErrorAction Stop", Paths.Manifest);
        Invoke(runspace, """
            param($root, $k, $credential)
            Connect-TaskRunProvider -Provider Anchor -BaseUri $root -ApiKey $k
            Connect-TaskRunProvider -Provider Deck -BaseUri "$root/v2" -ApiKey $k
            Connect-TaskRunProvider -Provider BrowserAct -BaseUri $root -ApiKey $k
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $root -Credential $credential
            """, emulator.BaseUri.ToString().TrimEnd('/'), Secure(EmulatorProcess.ApiKey), new PSCredential("bench", Secure(EmulatorProcess.Password)));

        Console.WriteLine("| listing | runs | seconds |");
        Console.WriteLine("|---|---:|---:|");
        double slowest = 0;
        long sum = 0;
        foreach (string provider in providers)
        {
            var (runs, seconds) = Best(runspace, $"-Provider {provider}", Rounds);
            slowest = Math.Max(slowest, seconds);
            sum += runs;
            Console.WriteLine($"| {provider} alone | {runs:N0} | {seconds:0.00} |");
        }
        var (merged, mergedSeconds) = Best(runspace, "", Rounds);
        Console.WriteLine($"| all four merged | {merged:N0} | {mergedSeconds:0.00} |");
        if (merged != sum) Console.WriteLine($"!! merged listed {merged}, the providers alone {sum}");
        Console.WriteLine($"merged / slowest alone: {mergedSeconds / slowest:0.00}");
        Console.WriteLine();
    }

    private static (long Runs, double Seconds) Best(Runspace runspace, string providers, int rounds)
    {
        Invoke(runspace, $"Get-TaskRun {providers} -First 10 | Measure-RunCount"); // warm-up: JIT, login, connections
        long runs = 0;
        double best = double.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            runs = (long)Invoke(runspace, $"Get-TaskRun {providers} -All | Measure-RunCount").Single().BaseObject;
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return (runs, best);
    }

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (char c in text) secure.AppendChar(c);
        return secure;
    }

    private static List<PSObject> Invoke(Runspace runspace, string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (object a in args) ps.AddArgument(a);
        var output = ps.Invoke().ToList();
        if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
        return output;
    }
}
