using System.Text.Json;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;
using TaskRuns.Providers.Anchor;
using TaskRuns.Providers.BrowserAct;
using TaskRuns.Providers.Deck;
using TaskRuns.Providers.RunWisp;

namespace TaskRuns.Tests.Unit;

/// <summary>Each provider reads its own error envelope; odd bodies are handled the shared way for all of them.</summary>
public class ErrorBodyReaderTests
{
    private static readonly Dictionary<TaskRunProvider, Func<JsonElement, ProviderErrorBody>> Envelopes = new()
    {
        [TaskRunProvider.Anchor] = AnchorErrorBody.Read,
        [TaskRunProvider.RunWisp] = RunWispErrorBody.Read,
        [TaskRunProvider.Deck] = DeckErrorBody.Read,
        [TaskRunProvider.BrowserAct] = BrowserActErrorBody.Read,
    };

    [Theory]
    [InlineData(TaskRunProvider.Anchor, """{"error":{"code":401,"message":"Invalid API Key"}}""", "Invalid API Key", null, "401")]
    [InlineData(TaskRunProvider.Anchor, """{"error":"Task not found"}""", "Task not found", null, null)]
    [InlineData(TaskRunProvider.Anchor, """{"message":"Bad request"}""", "Bad request", null, null)]
    [InlineData(TaskRunProvider.RunWisp, """{"title":"Unprocessable Entity","status":422,"detail":"validation failed","errors":[{"message":"expected number <= 1000","location":"query.limit","value":5000}]}""", "expected number <= 1000 (query.limit)", null, null)]
    [InlineData(TaskRunProvider.RunWisp, """{"title":"Not Found","status":404,"detail":"run not found"}""", "Not Found: run not found", null, null)]
    [InlineData(TaskRunProvider.Deck, """{"errors":[{"type":"rate_limit","code":"rate_limit_exceeded","message":"Too many requests."}],"request_id":"req_123"}""", "Too many requests.", "req_123", "rate_limit_exceeded")]
    [InlineData(TaskRunProvider.Deck, """{"errors":[{"type":"invalid_request","code":"invalid","message":"must be a task id","field":"task_id"}],"request_id":"req_9"}""", "must be a task id (task_id)", "req_9", "invalid")]
    [InlineData(TaskRunProvider.Deck, """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"limit":["The field limit must be between 1 and 100."]},"traceId":"00-abc"}""", "limit: The field limit must be between 1 and 100.", "00-abc", null)]
    [InlineData(TaskRunProvider.BrowserAct, """{"code":10112,"msg":"Task is not exist.","data":null,"ts":1,"time":"yesterday","traceId":"t-9"}""", "Task is not exist.", "t-9", "10112")]
    public void Each_provider_reads_its_own_error_envelope(TaskRunProvider provider, string body, string message, string? requestId, string? code)
    {
        var error = ErrorBodyReader.Read(body, Envelopes[provider]);
        Assert.Equal(message, error.Message);
        Assert.Equal(requestId, error.RequestId);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("unauthorized\n")]
    [InlineData("{\"error\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"error\":{\"message\":42}}")]
    [InlineData("{\"errors\":[1,{\"message\":null}],\"code\":{}}")]
    [InlineData("{\"errors\":{\"limit\":\"not a list\"},\"msg\":7}")]
    public void Never_throws_on_odd_bodies(string body)
    {
        foreach (var envelope in Envelopes.Values)
        {
            var error = ErrorBodyReader.Read(body, envelope);
            Assert.True(error.Message is null || error.Message.Length <= 300);
        }
    }

    [Fact]
    public void Every_registered_provider_has_an_envelope_reader_here() =>
        Assert.Equal(ProviderRegistry.All.Select(p => p.Provider).OrderBy(p => p), Envelopes.Keys.OrderBy(p => p));
}
