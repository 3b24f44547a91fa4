using TaskRuns.Http;

namespace TaskRuns.Tests.Unit;

public class RequestPathTests
{
    [Theory]
    [InlineData("../../admin")]
    [InlineData("a b")]
    [InlineData("%2F")]
    [InlineData("x/y?z=1#f")]
    [InlineData("ünïcødé-任务")]
    public void A_path_segment_never_changes_the_path(string value)
    {
        var root = new Uri("http://127.0.0.1:1/");
        var uri = new Uri(root, new RequestPath("v1/task").Segment(value).Segment("executions").ToString());
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { "v1", "task", "executions" }, new[] { segments[0], segments[1], segments[3] });
        Assert.Equal(4, segments.Length);
        Assert.Equal(value, Uri.UnescapeDataString(segments[2]));
        Assert.Empty(uri.Query);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    public async Task A_dots_only_segment_is_refused_before_sending(string value)
    {
        var provider = new TaskRuns.Providers.Deck.DeckProvider();
        var connection = new TaskRuns.Http.ProviderConnection(new Uri("http://127.0.0.1:9/v2/"), TaskRuns.Http.ApiCredential.FromPlainText("k"));
        var client = new TaskRuns.Http.ApiClient(provider, connection, new TaskRuns.Http.RetrySettings { MaxRetries = 0 }, TaskRuns.Http.NullCommandLog.Instance);
        var e = await Assert.ThrowsAsync<TaskRunInputException>(() => provider.GetRunAsync(client, null, value, CancellationToken.None));
        Assert.Equal("InvalidPathValue", e.ErrorId);
    }

    [Fact]
    public void Query_values_are_escaped_and_long_values_survive()
    {
        string big = new string('é', 10_000) + "&x=1";
        string url = new RequestPath("api/runs").Query("search", big).Query("status", new[] { "a b", "c&d" }).ToString();
        var query = new Uri(new Uri("http://h/"), url).Query.TrimStart('?').Split('&');
        Assert.Equal(3, query.Length);
        Assert.Equal(big, Uri.UnescapeDataString(query[0].Substring("search=".Length)));
        Assert.Equal("status=a%20b", query[1]);
        Assert.Equal("c&d", Uri.UnescapeDataString(query[2].Substring("status=".Length)));
    }
}
