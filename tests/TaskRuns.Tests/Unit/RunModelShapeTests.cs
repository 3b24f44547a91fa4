using System.Management.Automation;
using System.Reflection;
using System.Text.Json;
using TaskRuns.Model;
using TaskRuns.Providers.Json;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// The shape users see: the common properties first (in TaskRun's order) for every run type, one output rule for every
/// provider, and Duration's text for JSON.
/// </summary>
public class RunModelShapeTests
{
    public static TheoryData<Type> RunTypes() => new() { typeof(TaskRun), typeof(AnchorTaskRun), typeof(RunWispTaskRun), typeof(DeckTaskRun), typeof(BrowserActTaskRun) };

    private static readonly string[] Common = typeof(TaskRun).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToArray();

    [Theory]
    [MemberData(nameof(RunTypes))]
    public void The_common_properties_come_first_in_TaskRuns_order(Type type)
    {
        // Reflection order is what PowerShell's adapter (Format-List *, Select-Object *, Export-Csv) and ConvertTo-Json use.
        string[] names = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "Provider", "Id", "TaskId", "Status" }, Common.Take(4));
        Assert.Equal(Common, names.Take(Common.Length));
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Theory]
    [InlineData("{\"ok\":true,\"n\":2}", true)]
    [InlineData("  [1, 2]\n", true)]
    [InlineData("Scraped 48 products", false)]
    [InlineData("42", false)]      // a number-looking text stays text
    [InlineData("true", false)]
    [InlineData("null", false)]    // and never turns into nothing
    [InlineData("{not json}", false)]
    [InlineData("", false)]
    public void Text_output_is_parsed_only_when_it_is_a_JSON_object_or_array(string text, bool parsed)
    {
        var run = new AnchorTaskRun();
        RunOutput.SetFromText(run, text);
        Assert.Equal(text, run.OutputText);
        if (parsed) Assert.IsNotType<string>(run.Output);
        else Assert.Equal(text, run.Output);
    }

    [Fact]
    public void A_parsed_text_output_reads_like_ConvertFrom_Json_and_is_built_once()
    {
        var run = new BrowserActTaskRun();
        RunOutput.SetFromText(run, "{\"ok\":true,\"items\":[{\"title\":\"A\"}]}");
        var output = Assert.IsType<PSObject>(run.Output);
        Assert.Equal(true, output.Properties["ok"].Value);
        Assert.Equal("A", ((PSObject)((object[])output.Properties["items"].Value)[0]).Properties["title"].Value);
        Assert.Same(output, run.Output);
    }

    [Fact]
    public void Json_output_keeps_its_text_as_sent_and_a_JSON_string_is_text_like_the_others()
    {
        using var doc = JsonDocument.Parse("{\"a\":{\"ok\": true},\"b\":\"enc_1\",\"c\":\"{\\\"x\\\":1}\",\"d\":null}");
        var run = new DeckTaskRun();
        RunOutput.SetFromJson(run, doc.RootElement.GetProperty("a"));
        Assert.Equal(true, Assert.IsType<PSObject>(run.Output).Properties["ok"].Value);
        Assert.Equal("{\"ok\": true}", run.OutputText);

        RunOutput.SetFromJson(run, doc.RootElement.GetProperty("b"));
        Assert.Equal("enc_1", run.Output);
        Assert.Equal("enc_1", run.OutputText);

        RunOutput.SetFromJson(run, doc.RootElement.GetProperty("c")); // a string holding JSON: parsed, as Anchor's text is
        Assert.Equal(1L, Assert.IsType<PSObject>(run.Output).Properties["x"].Value);
        Assert.Equal("{\"x\":1}", run.OutputText);

        RunOutput.SetFromJson(run, doc.RootElement.GetProperty("d"));
        Assert.Null(run.Output);
        Assert.Null(run.OutputText);
    }

    [Fact]
    public void Duration_is_the_TimeSpan_as_invariant_text_for_JSON()
    {
        var run = new RunWispTaskRun { Elapsed = TimeSpan.FromSeconds(83.5) };
        Assert.Equal("00:01:23.5000000", run.Duration);
        run.Elapsed = TimeSpan.FromHours(26);
        Assert.Equal("1.02:00:00", run.Duration);
        run.Elapsed = null;
        Assert.Null(run.Duration);
    }
}
