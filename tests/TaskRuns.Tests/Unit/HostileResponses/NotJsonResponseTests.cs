using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>Bodies that are not JSON at all: an HTML page, an empty body, JSON that is not a page.</summary>
public sealed class NotJsonResponseTests
{
    [Theory]
    [MemberData(nameof(AllProviders), MemberType = typeof(HostileListing))]
    public async Task An_html_page_instead_of_json_is_UnexpectedContentType_and_not_retried(TaskRunProvider provider)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 4, 2,
            (_, _) => CannedResponse.Text("<!doctype html><html><body>RunWisp</body></html>", "text/html; charset=utf-8")));

        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "UnexpectedContentType", 200);
        Assert.Contains("'text/html'", api.Message);
        Assert.Contains("-BaseUri", api.Message);
        Assert.Single(harness.ApiRequests);
    }

    [Theory]
    [MemberData(nameof(AllProviders), MemberType = typeof(HostileListing))]
    public async Task An_empty_body_is_retried_then_InvalidResponse(TaskRunProvider provider)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 4, 2, (_, _) => CannedResponse.Text("", contentType: null)));

        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "InvalidResponse", 200);
        Assert.Contains("the body is empty", api.Message);
        Assert.Equal(3, harness.ApiRequests.Count);
    }

    public static TheoryData<string, string> NotAPage() => new()
    {
        { "null", "JSON null" },
        { "\"just a string\"", "could not be read" },
        { "42", "could not be read" },
        { new string('[', 100) + new string(']', 100), "could not be read" }, // deeper than the reader allows
        { "{\"data\":{\"results\":[],\"pagination\":{}}} trailing", "could not be read" },
        { "\uFEFF\u0000\u0001", "could not be read" },
    };

    [Theory]
    [MemberData(nameof(NotAPage))]
    public async Task Json_that_is_not_a_page_is_InvalidResponse(string body, string problem)
    {
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, CannedListing(TaskRunProvider.Anchor, 4, 2, (_, _) => CannedResponse.Json(body)));
        var (_, error) = await ListAllCatching(harness);
        var api = AssertApiError(error, TaskRunProvider.Anchor, "InvalidResponse", 200);
        Assert.Contains(problem, api.Message);
    }
}
