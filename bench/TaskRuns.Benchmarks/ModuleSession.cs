using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace TaskRuns.Benchmarks;

/// <summary>A hosted runspace that imports out/TaskRuns like a user and times Get-TaskRun listings into a counting sink.</summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleSession(Uri emulator)
    {
        var state = InitialSessionState.CreateDefault2();
        // A C# sink that only counts: Out-Null would hide the count, a ForEach-Object scriptblock would measure PowerShell.
        state.Commands.Add(new SessionStateCmdletEntry("Measure-RunCount", typeof(MeasureRunCountCommand), null));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        Invoke("Import-Module $args[0] -ErrorAction Stop", Paths.Manifest);
        string root = emulator.ToString().TrimEnd('/');
        var key = new System.Security.SecureString();
        foreach (char c in EmulatorProcess.ApiKey) key.AppendChar(c);
        var password = new System.Security.SecureString();
        foreach (char c in EmulatorProcess.Password) password.AppendChar(c);
        _runspace.SessionStateProxy.SetVariable("key", key);
        _runspace.SessionStateProxy.SetVariable("cred", new PSCredential("bench", password));
        _runspace.SessionStateProxy.SetVariable("root", root);
        Invoke("""
            $conn = @{
              Anchor = @{ Provider = 'Anchor'; BaseUri = $root; ApiKey = $key }
              RunWisp = @{ Provider = 'RunWisp'; BaseUri = $root; Credential = $cred }
              Deck = @{ Provider = 'Deck'; BaseUri = "$root/v2"; ApiKey = $key }
              BrowserAct = @{ Provider = 'BrowserAct'; BaseUri = $root; ApiKey = $key }
            }
            """);
    }

    /// <summary>Runs Get-TaskRun -All (plus extra parameters) into the counting sink; returns (runs, seconds).</summary>
    /// <remarks><paramref name="consumerMicroseconds"/> makes the sink spend that long on each run, like a pipeline that does work.</remarks>
    public (long Runs, double Seconds) List(string provider, string taskId, string extra = "", int consumerMicroseconds = 0)
    {
        var clock = Stopwatch.StartNew();
        var output = Invoke($"$c = $conn['{provider}']; Get-TaskRun @c -TaskId $args[0] -All {extra} | Measure-RunCount -SpinMicroseconds {consumerMicroseconds}", taskId);
        clock.Stop();
        return ((long)output.Single().BaseObject, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seconds the sink alone takes for <paramref name="runs"/> objects at <paramref name="consumerMicroseconds"/> each.</summary>
    public double ConsumeOnly(int runs, int consumerMicroseconds)
    {
        var clock = Stopwatch.StartNew();
        Invoke($"[object[]]::new({runs}) | Measure-RunCount -SpinMicroseconds {consumerMicroseconds}");
        return clock.Elapsed.TotalSeconds;
    }

    private List<PSObject> Invoke(string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (object a in args) ps.AddArgument(a);
        var output = ps.Invoke().ToList();
        if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
        return output;
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Counts pipeline input and outputs the count.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "RunCount")]
public sealed class MeasureRunCountCommand : PSCmdlet
{
    private long _count;

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Busy time per input (not a sleep: sleeps are rounded up to the timer tick).</summary>
    [Parameter]
    public int SpinMicroseconds { get; set; }

    protected override void ProcessRecord()
    {
        _count++;
        if (SpinMicroseconds <= 0) return;
        long until = Stopwatch.GetTimestamp() + SpinMicroseconds * Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < until) { }
    }

    protected override void EndProcessing() => WriteObject(_count);
}
