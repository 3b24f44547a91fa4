using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>Error bodies of every provider's envelope (and of none): the message names provider, status, request id and what the provider said.</summary>
public sealed class ErrorBodyTests
{
    public static TheoryData<TaskRunProvider, CannedResponse, string> ErrorBodies() => new()
    {
        { TaskRunProvider.Anchor, CannedResponse.Json("""{"error":{"code":500,"message":"database on fire"}}""", 500, "Internal Server Error").WithHeader("x-request-id", "hdr-1"),
            "Anchor: HTTP 500 Internal Server Error (request id hdr-1): database on fire." },
        { TaskRunProvider.RunWisp, CannedResponse.Text("""{"title":"Internal Server Error","status":500,"detail":"disk full"}""", "application/problem+json", 500, "Internal Server Error"),
            "RunWisp: HTTP 500 Internal Server Error: Internal Server Error: disk full." },
        { TaskRunProvider.Deck, CannedResponse.Json("""{"errors":[{"type":"api_error","code":"internal","message":"boom"}],"request_id":"req_body_7"}""", 500, "Internal Server Error"),
            "Deck: HTTP 500 Internal Server Error (request id req_body_7): boom." },
        { TaskRunProvider.BrowserAct, CannedResponse.Json("""{"code":500,"msg":"oops","data":null,"ts":1,"time":"2025-01-02 03:04:05","traceId":"trace-9"}""", 500, "Internal Server Error"),
            "BrowserAct: HTTP 500 Internal Server Error (request id trace-9): oops." },
        { TaskRunProvider.Deck, CannedResponse.Text("<html>" + new string('x', 2_000_000) + "</html>", "text/html", 502, "Bad Gateway"),
            "Deck: HTTP 502 Bad Gateway: the server answered with an HTML page." },
    };

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task Error_messages_name_provider_status_request_id_and_what_the_provider_said(TaskRunProvider provider, CannedResponse response, string message)
    {
        await using var harness = new ProviderHarness(provider, _ => response);
        var (_, error) = await ListAllCatching(harness);
        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.StartsWith(message + " [GET ", api.Message);
        Assert.Equal("ServerError", api.ErrorId);
        Assert.Equal(3, harness.ApiRequests.Count);
        Assert.True(api.Message.Length < 500);
    }
}
