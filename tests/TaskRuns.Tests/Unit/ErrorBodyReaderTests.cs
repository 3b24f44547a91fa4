using TaskRuns.Providers.Json;

namespace TaskRuns.Tests.Unit;

public class ErrorBodyReaderTests
{
    [Theory]
    [InlineData("""{"error":{"code":401,"message":"Invalid API Key"}}""", "Invalid API Key", null)]
    [InlineData("""{"error":"Task not found"}""", "Task not found", null)]
    [InlineData("""{"title":"Unprocessable Entity","status":422,"detail":"validation failed","errors":[{"message":"expected number <= 1000","location":"query.limit","value":5000}]}""", "expected number <= 1000 (query.limit)", null)]
    [InlineData("""{"errors":[{"type":"rate_limit","code":"rate_limit_exceeded","message":"Too many requests."}],"request_id":"req_123"}""", "Too many requests.", "req_123")]
    [InlineData("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"limit":["The field limit must be between 1 and 100."]},"traceId":"00-abc"}""", "limit: The field limit must be between 1 and 100.", "00-abc")]
    [InlineData("""{"code":10112,"msg":"Task is not exist.","data":null,"ts":1,"time":"yesterday","traceId":"t-9"}""", "Task is not exist.", "t-9")]
    [InlineData("""{"title":"Not Found","status":404,"detail":"run not found"}""", "Not Found: run not found", null)]
    public void Reads_every_providers_error_envelope(string body, string message, string? requestId)
    {
        var error = ErrorBodyReader.Read(body);
        Assert.Equal(message, error.Message);
        Assert.Equal(requestId, error.RequestId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("unauthorized\n")]
    [InlineData("{\"error\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"error\":{\"message\":42}}")]
    public void Never_throws_on_odd_bodies(string body)
    {
        var error = ErrorBodyReader.Read(body);
        Assert.True(error.Message is null || error.Message.Length <= 300);
    }
}
