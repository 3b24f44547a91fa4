using System.Management.Automation;
using System.Text.Json;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// What a script sees of runs whatever the provider (issue #15 items 9 and 20): several ids on Get-TaskRun -Id, and one
/// output rule: Output is the parsed JSON when the output is a JSON object or array, OutputText the text as sent.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class RunShapeTests : IDisposable
{
    private readonly PowerShellSession _ps;

    public RunShapeTests(EmulatorFixture emulator) => _ps = emulator.NewSession();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Get_TaskRun_takes_several_ids_in_the_order_given_and_an_unknown_one_is_one_NotFound_error()
    {
        var ids = _ps.Run("Get-TaskRun @deck -First 3").ThrowIfErrors().Runs().Select(r => r.Id).ToList();

        var two = _ps.Run("Get-TaskRun @deck -Id $args[0], $args[1]", ids[2], ids[0]).ThrowIfErrors().Runs();
        Assert.Equal(new[] { ids[2], ids[0] }, two.Select(r => r.Id));

        var result = _ps.Run("Get-TaskRun @deck -Id $args[0], 'trun_doesnotexist0000000000', $args[1]", ids[0], ids[1]);
        Assert.Equal(new[] { ids[0], ids[1] }, result.Runs().Select(r => r.Id));
        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("NotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("trun_doesnotexist0000000000", error.TargetObject);

        var piped = _ps.Run("Get-TaskRun @deck -First 3 | Get-TaskRun -BaseUri ($EmulatorUri + '/v2') -ApiKey $key -Skip 1").ThrowIfErrors().Runs();
        Assert.Equal(ids.Skip(1), piped.Select(r => r.Id));
    }

    [Theory]
    [InlineData("anchor")]
    [InlineData("deck")]
    [InlineData("browseract")]
    public void Output_is_the_parsed_JSON_and_OutputText_the_text_for_every_provider_with_output(string provider)
    {
        var runs = _ps.Run($"Get-TaskRun @{provider} -All").ThrowIfErrors().Runs();
        var withJson = runs.Where(r => r["OutputText"] is string t && t.StartsWith("{", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(withJson);
        foreach (RunView run in withJson)
        {
            using var expected = JsonDocument.Parse((string)run["OutputText"]!);
            var parsed = Assert.IsType<PSObject>(run["Output"]);
            Assert.IsType<PSCustomObject>(parsed.BaseObject);
            foreach (JsonProperty property in expected.RootElement.EnumerateObject())
            {
                object? value = parsed.Properties[property.Name]?.Value;
                Assert.NotNull(parsed.Properties[property.Name]);
                if (property.Value.ValueKind == JsonValueKind.String) Assert.Equal(property.Value.GetString(), value);
                if (property.Value.ValueKind == JsonValueKind.True) Assert.Equal(true, value);
            }
        }
        // Any other output stays its text, in both properties.
        foreach (RunView run in runs.Where(r => r["OutputText"] is string t && !t.TrimStart().StartsWith("{", StringComparison.Ordinal) && !t.TrimStart().StartsWith("[", StringComparison.Ordinal)))
            Assert.Equal(run["OutputText"], run["Output"]);
        foreach (RunView run in runs.Where(r => r["OutputText"] is null)) Assert.Null(run["Output"]);

        // In a script, a field of the output reads directly.
        var first = withJson[0];
        string field = JsonDocument.Parse((string)first["OutputText"]!).RootElement.EnumerateObject().First().Name;
        var read = _ps.Run($"$null -ne (Get-TaskRun @{provider} {(provider == "anchor" ? "-TaskId $args[2] " : "")}-Id $args[0]).Output.$($args[1])", first.Id, field, first.TaskId).ThrowIfErrors();
        Assert.Equal(true, Assert.Single(read.Output).BaseObject);
    }
}
