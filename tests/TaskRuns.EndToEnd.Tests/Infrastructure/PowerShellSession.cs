using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real PowerShell runspace in-process that imports out/TaskRuns/TaskRuns.psd1 exactly as a user would.
/// Connection splats ($anchor, $runwisp, $deck, $browseract) point at an emulator.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(Uri? emulator = null, string apiKey = EmulatorFixture.ApiKey, string runWispPassword = EmulatorFixture.RunWispPassword,
        bool importModule = true, CapturingHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        if (importModule) Run("Import-Module $args[0] -ErrorAction Stop", ModulePaths.Manifest).ThrowIfErrors();
        if (emulator != null)
        {
            string root = emulator.ToString().TrimEnd('/');
            SetVariable("EmulatorUri", root);
            SetVariable("key", Secure(apiKey));
            SetVariable("anchor", new Hashtable { ["Provider"] = "Anchor", ["BaseUri"] = root, ["ApiKey"] = Secure(apiKey) });
            SetVariable("deck", new Hashtable { ["Provider"] = "Deck", ["BaseUri"] = root + "/v2", ["ApiKey"] = Secure(apiKey) });
            SetVariable("browseract", new Hashtable { ["Provider"] = "BrowserAct", ["BaseUri"] = root, ["ApiKey"] = Secure(apiKey) });
            SetVariable("runwisp", new Hashtable
            {
                ["Provider"] = "RunWisp", ["BaseUri"] = root,
                ["Credential"] = new PSCredential("runwisp", Secure(runWispPassword)),
            });
        }
    }

    public Runspace Runspace => _runspace;

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (char c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public object? GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs a script; $args holds <paramref name="args"/>. Errors are collected, not thrown.</summary>
    public PowerShellResult Run(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (object? a in args) ps.AddArgument(a);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = new Collection<PSObject>();
            terminating = e;
        }
        return new PowerShellResult(output, ps.Streams, terminating);
    }

    /// <summary>Starts a script asynchronously so a test can stop it (Ctrl+C).</summary>
    public (PowerShell Shell, IAsyncResult Handle) Begin(string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return (ps, ps.BeginInvoke());
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed class PowerShellResult
{
    public PowerShellResult(Collection<PSObject> output, PSDataStreams streams, Exception? terminating)
    {
        Output = output;
        Errors = streams.Error.ToList();
        Warnings = streams.Warning.Select(w => w.Message).ToList();
        Verbose = streams.Verbose.Select(v => v.Message).ToList();
        Debug = streams.Debug.Select(d => d.Message).ToList();
        Information = streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToList();
        Progress = streams.Progress.ToList();
        Terminating = terminating;
    }

    public Collection<PSObject> Output { get; }
    public List<ErrorRecord> Errors { get; }
    public List<string> Warnings { get; }
    public List<string> Verbose { get; }
    public List<string> Debug { get; }
    public List<string> Information { get; }
    public List<ProgressRecord> Progress { get; }
    public Exception? Terminating { get; }

    /// <summary>Every error, terminating or not, as ErrorRecords.</summary>
    public IEnumerable<ErrorRecord> AllErrors =>
        Terminating is IContainsErrorRecord c ? Errors.Append(c.ErrorRecord) : Errors;

    public List<RunView> Runs() => Output.Select(RunView.From).ToList();

    public List<PageView> Pages() => Output.Select(PageView.From).ToList();

    public PowerShellResult ThrowIfErrors()
    {
        if (Terminating != null) throw new InvalidOperationException("PowerShell failed: " + Terminating.Message, Terminating);
        if (Errors.Count > 0) throw new InvalidOperationException("PowerShell wrote errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }
}
