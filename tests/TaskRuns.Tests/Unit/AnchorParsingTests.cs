using System.Text;
using System.Text.Json;
using TaskRuns.Model;
using TaskRuns.Providers.Anchor;

namespace TaskRuns.Tests.Unit;

public class AnchorParsingTests
{
    private static AnchorListResponse Parse(string json) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), AnchorJsonContext.Default.AnchorListResponse)!;

    [Fact]
    public void Seed_example_parses_into_a_typed_run()
    {
        const string seed = """
        {"data":{"results":[{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","taskVersionId":"3c90c3cc-0d44-4b50-8888-8dd25736052a",
          "version":"<string>","status":"success","output":"<string>","errorMessage":"","startTime":"2023-11-07T05:31:56Z","executionTime":123}],
          "pagination":{"page":2,"limit":2,"total":1,"totalPages":1}}}
        """;
        var response = Parse(seed);
        Assert.Null(response.Problem());
        var run = AnchorProvider.ToTaskRun(response.Data!.Results![0]!, "task-1");
        Assert.Equal(TaskRunStatus.Success, run.Status);
        Assert.Equal("success", run.ProviderStatus);
        Assert.True(run.IsTerminal);
        Assert.Null(run.ErrorMessage); // "" on success means no error
        Assert.Equal(TimeSpan.FromMilliseconds(123), run.Elapsed);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), run.StartedAt);
        Assert.Equal(run.StartedAt + run.Elapsed, run.EndedAt);
        Assert.Equal("<string>", run.Version);
        Assert.Equal(1, response.Data.Pagination!.TotalPages);
    }

    [Theory]
    [InlineData("success", TaskRunStatus.Success, true)]
    [InlineData("failure", TaskRunStatus.Failure, true)]
    [InlineData("timeout", TaskRunStatus.Timeout, true)]
    [InlineData("cancelled", TaskRunStatus.Cancelled, true)]
    [InlineData("queued", TaskRunStatus.Queued, false)]
    [InlineData("running", TaskRunStatus.Running, false)]
    [InlineData("exploded", TaskRunStatus.Unknown, false)]
    public void Status_map_follows_the_providers_table(string raw, TaskRunStatus expected, bool terminal)
    {
        var run = AnchorProvider.ToTaskRun(new AnchorExecution { Id = "x", Status = raw }, null);
        Assert.Equal(expected, run.Status);
        Assert.Equal(raw, run.ProviderStatus);
        Assert.Equal(terminal, run.IsTerminal);
    }

    [Fact]
    public void Tolerates_unknown_fields_numbers_as_strings_and_null_results()
    {
        var response = Parse("""{"data":{"results":null,"pagination":{"page":"1","limit":10,"total":0,"totalPages":0},"extra":{"x":1}},"more":true}""");
        Assert.Null(response.Problem());
        Assert.Equal(1, response.Data!.Pagination!.Page);
        var odd = Parse("""{"data":{"results":[{"id":1234,"status":"running","executionTime":"17","startTime":"not a date","version":3}],"pagination":{"page":1,"limit":10,"total":1,"totalPages":1}}}""");
        var run = AnchorProvider.ToTaskRun(odd.Data!.Results![0]!, null);
        Assert.Equal("1234", run.Id);
        Assert.Equal("3", run.Version);
        Assert.Equal(17, run.ExecutionTime);
        Assert.Null(run.StartedAt);
    }

    [Fact]
    public void Missing_required_pieces_are_named()
    {
        Assert.Contains("data", Parse("{}").Problem());
        Assert.Contains("pagination", Parse("""{"data":{"results":[]}}""").Problem());
        Assert.Contains("id", Parse("""{"data":{"results":[{"status":"success"}],"pagination":{}}}""").Problem());
    }
}
