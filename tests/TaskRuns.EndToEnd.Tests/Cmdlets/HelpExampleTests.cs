using System.Management.Automation;
using System.Text.RegularExpressions;
using TaskRuns.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>An emulator of its own: the examples start and stop runs, which must not disturb other tests' counts.</summary>
public sealed class HelpExampleEmulator : EmulatorFixture
{
}

/// <summary>
/// Every example in Get-Help runs, as written, against the emulator — in a fresh runspace prepared the way the help
/// says a user's session is: Connect-TaskRunProvider for all four providers, plus the variables each page's NOTES name.
/// </summary>
public sealed class HelpExampleTests : IClassFixture<HelpExampleEmulator>
{
    private static readonly TimeSpan ExampleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Variables PowerShell defines itself; an example may use them without documenting them.</summary>
    private static readonly HashSet<string> Automatic = new(StringComparer.OrdinalIgnoreCase)
    {
        "_", "PSItem", "true", "false", "null", "args", "input", "this", "Matches", "Error", "LASTEXITCODE", "PSScriptRoot", "Host", "PWD", "HOME",
    };

    private readonly HelpExampleEmulator _emulator;
    private readonly ITestOutputHelper _log;

    public HelpExampleTests(HelpExampleEmulator emulator, ITestOutputHelper log)
    {
        _emulator = emulator;
        _log = log;
    }

    [Fact]
    public void Every_help_example_runs_against_the_emulator()
    {
        Dictionary<string, object> variables = DocumentedVariables();
        var examples = new List<(string Cmdlet, string Title, string Code, string Notes)>();
        using (var ps = new PowerShellSession())
        {
            foreach (string cmdlet in ps.Run("(Get-Module TaskRuns).ExportedCmdlets.Keys").ThrowIfErrors().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal))
            {
                string notes = string.Join("\n", ps.Run("(Get-Help $args[0] -Full).alertSet.alert | ForEach-Object Text", cmdlet).ThrowIfErrors().Output);
                foreach (PSObject example in ps.Run("(Get-Help $args[0] -Full).examples.example", cmdlet).ThrowIfErrors().Output)
                {
                    string title = example.Properties["title"].Value.ToString()!.Trim('-', ' ');
                    examples.Add((cmdlet, title, example.Properties["code"].Value.ToString()!, notes));
                }
            }
        }
        Assert.True(examples.Count >= 27, $"only {examples.Count} examples found");

        var failures = new List<string>();
        foreach (var (cmdlet, title, code, notes) in examples)
        {
            // The variables an example uses but does not set must be named in its page's NOTES, and prepared here.
            foreach (string name in FreeVariables(code))
            {
                if (!Regex.IsMatch(notes, @"\$" + Regex.Escape(name) + @"\b", RegexOptions.IgnoreCase))
                    failures.Add($"{cmdlet} {title}: uses ${name}, which its NOTES do not describe");
                else if (!variables.ContainsKey(name))
                    failures.Add($"{cmdlet} {title}: uses ${name}, which this test does not prepare");
            }
            if (UtilityCommands(code) is { Count: > 0 } utility)
            {
                // This host has no Microsoft.PowerShell.Utility: Help.Tests.ps1 runs such an example in real pwsh.
                _log.WriteLine($"{cmdlet} {title}: left to Pester's Help.Tests.ps1 (uses {string.Join(", ", utility)})");
                continue;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? problem = Run(code, variables, out int outputCount);
            _log.WriteLine($"{cmdlet} {title}: {(problem is null ? "ok" : "FAILED")}, {outputCount} object(s), {clock.Elapsed.TotalSeconds:0.0} s");
            if (problem != null) failures.Add($"{cmdlet} {title}:\n{code}\n  => {problem}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>What the NOTES promise, found the way a user would find them (Get-TaskRunTask, Get-TaskRun).</summary>
    private Dictionary<string, object> DocumentedVariables()
    {
        using var ps = Prepared(new Dictionary<string, object>());
        string Value(string script) => ps.Run(script).ThrowIfErrors().Output.Single().ToString();
        string id = Value("(Get-TaskRunTask -Provider Anchor)[0].TaskId");
        return new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
        {
            ["emulatorUri"] = _emulator.BaseUri.ToString().TrimEnd('/'),
            ["key"] = PowerShellSession.Secure(EmulatorFixture.ApiKey),
            ["credential"] = new PSCredential("runwisp", PowerShellSession.Secure(EmulatorFixture.RunWispPassword)),
            ["id"] = id,
            ["executionId"] = Value($"(Get-TaskRun -Provider Anchor -TaskId '{id}' -First 1).Id"),
            // always-fails is the emulator's task for failures; the examples show a task that works.
            ["taskName"] = Value("(Get-TaskRunTask -Provider RunWisp | Where-Object TaskId -ne 'always-fails')[0].TaskId"),
            ["deckTaskId"] = Value("(Get-TaskRunTask -Provider Deck)[0].TaskId"),
            ["workflowId"] = Value("(Get-TaskRunTask -Provider BrowserAct)[0].TaskId"),
        };
    }

    /// <summary>A fresh runspace that imported the module, connected every provider to the emulator and holds the variables.</summary>
    private PowerShellSession Prepared(Dictionary<string, object> variables)
    {
        var ps = new PowerShellSession();
        ps.Run("""
            param($root, $key, $credential)
            Connect-TaskRunProvider -Provider Anchor -BaseUri $root -ApiKey $key
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $root -Credential $credential
            Connect-TaskRunProvider -Provider Deck -BaseUri "$root/v2" -ApiKey $key
            Connect-TaskRunProvider -Provider BrowserAct -BaseUri $root -ApiKey $key
            """,
            _emulator.BaseUri.ToString().TrimEnd('/'),
            PowerShellSession.Secure(EmulatorFixture.ApiKey),
            new PSCredential("runwisp", PowerShellSession.Secure(EmulatorFixture.RunWispPassword))).ThrowIfErrors();
        foreach (var (name, value) in variables) ps.SetVariable(name, value);
        return ps;
    }

    /// <summary>Runs one example; returns what went wrong (an error, a terminating error, a hang) or null.</summary>
    private string? Run(string code, Dictionary<string, object> variables, out int outputCount)
    {
        outputCount = 0;
        using PowerShellSession session = Prepared(variables);
        using var ps = PowerShell.Create();
        ps.Runspace = session.Runspace;
        ps.AddScript(code);
        try
        {
            IAsyncResult handle = ps.BeginInvoke();
            if (!handle.AsyncWaitHandle.WaitOne(ExampleTimeout))
            {
                ps.Stop();
                return $"did not finish within {ExampleTimeout}";
            }
            outputCount = ps.EndInvoke(handle).Count;
        }
        catch (RuntimeException e)
        {
            return "terminating error: " + (e.ErrorRecord?.FullyQualifiedErrorId + ": " + e.Message);
        }
        if (ps.Streams.Error.Count > 0)
            return string.Join("\n  => ", ps.Streams.Error.Select(e => e.FullyQualifiedErrorId + ": " + e));
        return null;
    }

    /// <summary>Microsoft.PowerShell.Utility commands (which the hosted runspace lacks) that help examples may use.</summary>
    private static readonly HashSet<string> Utility = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConvertTo-Json", "ConvertFrom-Json", "ConvertTo-Csv", "ConvertFrom-Csv", "Export-Csv", "Import-Csv", "Export-Clixml", "Import-Clixml",
        "Format-Table", "Format-List", "Select-Object", "Sort-Object", "Group-Object", "Measure-Object", "Out-String", "Select-String",
    };

    /// <summary>The Microsoft.PowerShell.Utility commands an example calls.</summary>
    internal static IReadOnlyList<string> UtilityCommands(string code)
    {
        var ast = System.Management.Automation.Language.Parser.ParseInput(code, out _, out _);
        return ast.FindAll(a => a is System.Management.Automation.Language.CommandAst, searchNestedScriptBlocks: true)
            .Select(a => ((System.Management.Automation.Language.CommandAst)a).GetCommandName())
            .Where(n => n != null && Utility.Contains(n)).Select(n => n!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Variables an example reads without setting them itself (assignment, -ErrorVariable/-OutVariable, foreach).</summary>
    internal static IReadOnlyList<string> FreeVariables(string code)
    {
        var assigned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Regex.Matches(code, @"\$(\w+)\s*=(?!=)")) assigned.Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(code, @"-(?:ErrorVariable|OutVariable|WarningVariable|InformationVariable|PipelineVariable|ev|ov|wv|iv|pv)\s+\+?(\w+)", RegexOptions.IgnoreCase))
            assigned.Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(code, @"foreach\s*\(\s*\$(\w+)\s+in\b", RegexOptions.IgnoreCase)) assigned.Add(m.Groups[1].Value);
        return Regex.Matches(code, @"\$(\w+)(?!:)")
            .Select(m => m.Groups[1].Value)
            .Where(n => !assigned.Contains(n) && !Automatic.Contains(n) && !n.EndsWith("Preference", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
