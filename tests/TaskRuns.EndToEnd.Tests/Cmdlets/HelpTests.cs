using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;
using TaskRuns.HelpGenerator;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>The help a user gets from Get-Help: generated from the current sources, complete, and the about topic present.</summary>
public sealed class HelpTests
{
    private static readonly string[] Cmdlets =
    {
        "Connect-TaskRunProvider", "Disconnect-TaskRunProvider", "Get-TaskRun", "Get-TaskRunLog", "Get-TaskRunPage", "Get-TaskRunProvider",
        "Get-TaskRunTask", "Start-TaskRun", "Stop-TaskRun", "Wait-TaskRun",
    };

    [Fact]
    public void Help_is_generated_from_the_current_sources()
    {
        var sources = new HelpSources(ModulePaths.RepositoryRoot);
        GeneratedHelp help = HelpGeneration.Generate(sources);

        Assert.Equal(Cmdlets, help.Commands.Select(c => c.Name));
        IReadOnlyList<string> stale = HelpGeneration.StaleFiles(sources, help);
        Assert.True(stale.Count == 0,
            $"Help is stale ({string.Join(", ", stale)}). Regenerate it: dotnet run --project tools/TaskRuns.HelpGenerator -c Release");
        Assert.Equal(help.Maml, HelpGeneration.Normalise(File.ReadAllText(sources.MamlFile)));
    }

    [Fact]
    public void Every_public_parameter_has_help_text()
    {
        using var ps = new PowerShellSession();
        var exported = ps.Run("(Get-Module TaskRuns).ExportedCmdlets.Keys").ThrowIfErrors().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(Cmdlets, exported);

        var problems = new List<string>();
        foreach (string cmdlet in Cmdlets)
        {
            var parameters = ps.Run("""
                $common = [System.Management.Automation.Cmdlet]::CommonParameters
                (Get-Command $args[0]).Parameters.Keys | Where-Object { $common -notcontains $_ }
                """, cmdlet).ThrowIfErrors().Output.Select(o => o.ToString()).ToList();
            Assert.NotEmpty(parameters);
            foreach (string parameter in parameters)
            {
                var text = ps.Run("(Get-Help $args[0] -Parameter $args[1]).description | ForEach-Object Text", cmdlet, parameter);
                string description = string.Join(" ", text.Output.Select(o => o?.ToString())).Trim();
                if (text.AllErrors.Any() || description.Length < 10)
                    problems.Add($"{cmdlet} -{parameter}: '{description}' {string.Join(" ", text.AllErrors.Select(e => e.ToString()))}");
            }

            PSObject full = ps.Run("Get-Help $args[0] -Full", cmdlet).ThrowIfErrors().Output.Single();
            string synopsis = full.Properties["Synopsis"]?.Value?.ToString()?.Trim() ?? "";
            // Without a help file PowerShell makes up a synopsis from the syntax ("Get-TaskRun [-Provider] ...").
            if (synopsis.Length == 0 || synopsis.StartsWith(cmdlet, StringComparison.Ordinal)) problems.Add($"{cmdlet}: no synopsis ('{synopsis}')");
            Check(ps, cmdlet, "description", "(Get-Help $args[0] -Full).description | ForEach-Object Text", 1, problems);
            Check(ps, cmdlet, "examples", "(Get-Help $args[0] -Full).examples.example | ForEach-Object code", 3, problems);
            Check(ps, cmdlet, "inputs", "(Get-Help $args[0] -Full).inputTypes.inputType | ForEach-Object { $_.type.name }", 1, problems);
            Check(ps, cmdlet, "outputs", "(Get-Help $args[0] -Full).returnValues.returnValue | ForEach-Object { $_.type.name }", 1, problems);
            Check(ps, cmdlet, "notes", "(Get-Help $args[0] -Full).alertSet.alert | ForEach-Object Text", 1, problems);

            // The help's parameters are exactly the cmdlet's (no stale or missing entries).
            var documented = ps.Run("(Get-Help $args[0] -Full).parameters.parameter | ForEach-Object name", cmdlet).ThrowIfErrors()
                .Output.Select(o => o.ToString()).Order(StringComparer.Ordinal).ToList();
            if (!documented.SequenceEqual(parameters.Order(StringComparer.Ordinal)))
                problems.Add($"{cmdlet}: help documents [{string.Join(", ", documented)}], the cmdlet has [{string.Join(", ", parameters.Order(StringComparer.Ordinal))}]");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Check(PowerShellSession ps, string cmdlet, string what, string script, int atLeast, List<string> problems)
    {
        var items = ps.Run(script, cmdlet).ThrowIfErrors().Output.Select(o => o?.ToString()?.Trim() ?? "").Where(t => t.Length > 0).ToList();
        if (items.Count < atLeast) problems.Add($"{cmdlet}: {items.Count} {what}, at least {atLeast} expected");
    }

    [Fact]
    public void About_TaskRuns_is_available()
    {
        using var ps = new PowerShellSession();
        string topic = string.Join("\n", ps.Run("Get-Help about_TaskRuns").ThrowIfErrors().Output.Select(o => o.ToString()));

        Assert.StartsWith("TOPIC", topic.TrimStart());
        foreach (string expected in new[]
                 {
                     "about_TaskRuns", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "SEE ALSO",
                     "ANCHORBROWSER_API_KEY", "ANCHORBROWSER_BASE_URL", "RUNWISP_PASSWORD", "RUNWISP_URL",
                     "DECK_API_KEY", "DECK_BASE_URL", "BROWSERACT_API_KEY", "BROWSERACT_BASE_URL",
                     "-All", "-First", "NextPageToken", "WaitingForInput", "WaitTaskRunTimeout", "Retry-After", "emulator",
                 })
            Assert.Contains(expected, topic);
        // Get-Help lists the topic as well (Get-Help about_* finds it by name).
        var listed = ps.Run("Get-Help about_Task* | ForEach-Object Name").ThrowIfErrors().Output.Select(o => o.ToString());
        Assert.Contains("about_TaskRuns", listed);
    }
}
