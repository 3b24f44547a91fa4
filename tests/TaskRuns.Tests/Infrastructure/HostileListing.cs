using System.Management.Automation;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Tests.Infrastructure;

/// <summary>
/// What the hostile-response tests share: a well-behaved listing served by <see cref="CannedHttpServer"/> that one page
/// may answer differently, the real engine listing it to the end, and the checks every error must pass. The tests
/// feed responses the emulator cannot produce (bodies of any shape, any status) to every provider and expect the
/// right runs or one clear TaskRunApiException naming provider, HTTP status and request id — never an unhandled
/// exception, a hang or an endless loop.
/// </summary>
internal static class HostileListing
{
    /// <summary>Every provider: the theory data of the tests that hold for all four.</summary>
    public static TheoryData<TaskRunProvider> AllProviders() =>
        new(TaskRunProvider.Anchor, TaskRunProvider.RunWisp, TaskRunProvider.Deck, TaskRunProvider.BrowserAct);

    public static string RunId(int i) => "run-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which page (0-based) a list request asks for, whatever the provider's paging style.</summary>
    public static int PageIndex(TaskRunProvider provider, CannedRequest request, int pageSize) => provider switch
    {
        TaskRunProvider.RunWisp => int.Parse(Pages.PositionOf(provider, request)) / pageSize,
        TaskRunProvider.Deck => Pages.PositionOf(provider, request) is var c && c.Length > 0 ? int.Parse(c[1..]) : 0,
        _ => int.Parse(Pages.PositionOf(provider, request)) - 1,
    };

    /// <summary>
    /// A well-behaved list of <paramref name="total"/> runs in pages of <paramref name="pageSize"/>; <paramref name="page"/>
    /// may answer a page (0-based) differently. Every response carries x-request-id "rid-{n}".
    /// </summary>
    public static Func<CannedRequest, CannedResponse> CannedListing(
        TaskRunProvider provider, int total, int pageSize, Func<int, CannedRequest, CannedResponse?>? page = null, int? claimedTotal = null)
    {
        int served = 0;
        return request =>
        {
            int n = Interlocked.Increment(ref served);
            int index = PageIndex(provider, request, pageSize);
            CannedResponse response = page?.Invoke(index, request) ?? ValidPage(provider, index, total, pageSize, claimedTotal);
            return response.WithHeader("x-request-id", "rid-" + n);
        };
    }

    public static CannedResponse ValidPage(TaskRunProvider provider, int index, int total, int pageSize, int? claimedTotal = null)
    {
        var ids = Enumerable.Range(index * pageSize, Math.Max(0, Math.Min(pageSize, total - index * pageSize))).Select(RunId).ToList();
        bool more = (index + 1) * pageSize < total;
        return CannedResponse.Json(Pages.Valid(provider, ids, index + 1, pageSize, claimedTotal ?? total, more ? "c" + (index + 1) : null));
    }

    public static async Task<(List<TaskRun> Runs, Exception? Error)> ListAllCatching(ProviderHarness harness, int pageSize = 2, int throttle = 1)
    {
        var runs = new List<TaskRun>();
        try
        {
            var request = new Listing.ListingRequest { All = true, PageSize = pageSize, ThrottleLimit = throttle };
            await foreach (IReadOnlyList<TaskRun> batch in new Listing.RunLister(harness.Provider, harness.Client).ListAsync(harness.Provider.Prepare(harness.Query()), request, CancellationToken.None))
                runs.AddRange(batch);
            return (runs, null);
        }
        catch (Exception e)
        {
            return (runs, e);
        }
    }

    public static TaskRunApiException AssertApiError(Exception? error, TaskRunProvider provider, string errorId, int? status)
    {
        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.Equal(errorId, api.ErrorId);
        Assert.Equal(provider, api.Provider);
        Assert.Equal(status, api.StatusCode);
        Assert.StartsWith(provider + ": " + (status is int s ? "HTTP " + s : ""), api.Message);
        Assert.DoesNotContain(ProviderHarness.Key, api.ToString());
        return api;
    }

    public static int RequestsFor(ProviderHarness harness, TaskRunProvider provider, int pageIndex, int pageSize = 2) =>
        harness.ApiRequests.Count(r => PageIndex(provider, r, pageSize) == pageIndex);
}
