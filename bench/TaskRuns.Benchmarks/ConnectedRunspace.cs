using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace TaskRuns.Benchmarks;

/// <summary>
/// A hosted runspace that imports out/TaskRuns like a user and connects all four providers to one emulator
/// (Connect-TaskRunProvider), with the counting sinks registered: for the follow and log benchmarks.
/// </summary>
public sealed class ConnectedRunspace : IDisposable
{
    public Runspace Runspace { get; }

    public ConnectedRunspace(Uri emulator)
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Measure-RunCount", typeof(MeasureRunCountCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Measure-FollowedRun", typeof(MeasureFollowedRunCommand), null));
        Runspace = RunspaceFactory.CreateRunspace(state);
        Runspace.Open();
        Invoke("Import-Module $args[0] -ErrorAction Stop", Paths.Manifest);
        Invoke("""
            param($root, $k, $credential)
            Connect-TaskRunProvider -Provider Anchor -BaseUri $root -ApiKey $k
            Connect-TaskRunProvider -Provider Deck -BaseUri "$root/v2" -ApiKey $k
            Connect-TaskRunProvider -Provider BrowserAct -BaseUri $root -ApiKey $k
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $root -Credential $credential
            """, emulator.ToString().TrimEnd('/'), Secure(EmulatorProcess.ApiKey), new PSCredential("bench", Secure(EmulatorProcess.Password)));
    }

    public List<PSObject> Invoke(string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (object a in args) ps.AddArgument(a);
        var output = ps.Invoke().ToList();
        if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
        return output;
    }

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (char c in text) secure.AppendChar(c);
        return secure;
    }

    public void Dispose() => Runspace.Dispose();
}

/// <summary>Counts followed runs as they pass (readable while the follow goes on), keeping none.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "FollowedRun")]
public sealed class MeasureFollowedRunCommand : PSCmdlet
{
    private static long _outputs, _ended;

    public static long Outputs => Interlocked.Read(ref _outputs);

    /// <summary>Outputs whose IsTerminal was true: runs seen ending.</summary>
    public static long Ended => Interlocked.Read(ref _ended);

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        Interlocked.Increment(ref _outputs);
        if (InputObject?.Properties["IsTerminal"]?.Value is true) Interlocked.Increment(ref _ended);
    }
}
