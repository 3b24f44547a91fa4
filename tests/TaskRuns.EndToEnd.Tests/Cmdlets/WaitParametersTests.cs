using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// -Timeout, -PollInterval, -IncludeWaitingForInput and -ErrorOnFailure are declared once (WaitParameters, which Wait-TaskRun
/// and Start-TaskRun return as dynamic parameters); a user still meets them as each cmdlet's own parameters wherever
/// PowerShell shows parameters without running the command: Get-Command and its syntax, tab completion and Get-Help.
/// </summary>
public sealed class WaitParametersTests : IDisposable
{
    private static readonly string[] WaitParameters = { "Timeout", "PollInterval", "IncludeWaitingForInput", "ErrorOnFailure" };

    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Theory]
    [InlineData("Start-TaskRun", 1)]
    [InlineData("Wait-TaskRun", 2)]
    public void The_wait_parameters_are_in_every_syntax_of_the_cmdlet(string cmdlet, int parameterSets)
    {
        var syntax = _ps.Run("$name = $args[0]; (Get-Command $name -Syntax) -split '\\r?\\n' | Where-Object { $_ -like \"$name *\" }", cmdlet)
            .ThrowIfErrors().Output.Select(o => o.ToString()).ToList();

        Assert.Equal(parameterSets, syntax.Count);
        foreach (string line in syntax)
            foreach (string expected in new[] { "[-Timeout <timespan>]", "[-PollInterval <timespan>]", "[-IncludeWaitingForInput]", "[-ErrorOnFailure]" })
                Assert.Contains(expected, line);
    }

    [Theory]
    [InlineData("Start-TaskRun")]
    [InlineData("Wait-TaskRun")]
    public void The_wait_parameters_keep_their_types_aliases_and_help_defaults(string cmdlet)
    {
        var parameters = (Dictionary<string, ParameterMetadata>)_ps.Run("(Get-Command $args[0]).Parameters", cmdlet).ThrowIfErrors().Output.Single().BaseObject;

        Assert.Equal(typeof(TimeSpan), parameters["Timeout"].ParameterType);
        Assert.Contains("TimeoutSec", parameters["Timeout"].Aliases);
        Assert.Equal(typeof(TimeSpan), parameters["PollInterval"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), parameters["IncludeWaitingForInput"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), parameters["ErrorOnFailure"].ParameterType);
        Assert.All(WaitParameters, name => Assert.True(parameters[name].ParameterSets.Values.All(s => !s.IsMandatory && s.Position == int.MinValue), name));
        Assert.Equal("30 minutes", _ps.Run("(Get-Help $args[0] -Parameter Timeout).defaultValue", cmdlet).ThrowIfErrors().Output.Single().ToString());
        Assert.Equal("5 seconds", _ps.Run("(Get-Help $args[0] -Parameter PollInterval).defaultValue", cmdlet).ThrowIfErrors().Output.Single().ToString());
    }

    [Theory]
    [InlineData("Start-TaskRun -Time", "-Timeout")]
    [InlineData("Start-TaskRun Anchor task -Wait -Poll", "-PollInterval")]
    [InlineData("Start-TaskRun -IncludeW", "-IncludeWaitingForInput")]
    [InlineData("Wait-TaskRun -ErrorOn", "-ErrorOnFailure")]
    [InlineData("Wait-TaskRun Deck run1 -Poll", "-PollInterval")]
    public void The_wait_parameter_names_tab_complete(string line, string expected)
    {
        var matches = _ps.Run("(TabExpansion2 $args[0] $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
            .ThrowIfErrors().Output.Select(o => o.ToString()).ToList();

        Assert.Equal(new[] { expected }, matches);
    }
}
