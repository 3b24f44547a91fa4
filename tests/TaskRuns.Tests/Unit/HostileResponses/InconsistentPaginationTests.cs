using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>Pages that contradict themselves (totals, cursors, offsets): paging ends, never loops, each run once.</summary>
public sealed class InconsistentPaginationTests
{
    [Theory]
    [InlineData(TaskRunProvider.Anchor, 1)]
    [InlineData(TaskRunProvider.Anchor, 4)]
    [InlineData(TaskRunProvider.BrowserAct, 1)]
    [InlineData(TaskRunProvider.BrowserAct, 4)]
    [InlineData(TaskRunProvider.RunWisp, 1)]
    [InlineData(TaskRunProvider.RunWisp, 4)]
    public async Task A_total_far_beyond_the_real_rows_ends_at_the_first_empty_page(TaskRunProvider provider, int throttle)
    {
        // The server claims a million runs (500,000 pages) but has six.
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 6, 2, claimedTotal: 1_000_000));

        var watch = Stopwatch.StartNew();
        var (runs, error) = await ListAllCatching(harness, throttle: throttle);

        Assert.Null(error);
        Assert.Equal(Enumerable.Range(0, 6).Select(RunId), runs.Select(r => r.Id));
        Assert.InRange(harness.ApiRequests.Count, 4, 4 + throttle); // three full pages, the empty one, and what was already in flight
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(TaskRunProvider.Anchor)]
    [InlineData(TaskRunProvider.BrowserAct)]
    public async Task The_seed_trap_a_page_that_says_it_is_beyond_the_last_page_stops_paging(TaskRunProvider provider)
    {
        // Seed 000: {"pagination":{"page":2,"limit":2,"total":1,"totalPages":1}} — whatever page was asked for.
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 2, 2, claimedTotal: 1));
        var (runs, error) = await ListAllCatching(harness, throttle: 4);
        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.Single(harness.ApiRequests);
    }

    [Fact]
    public async Task A_cursor_that_comes_back_later_is_a_RepeatedPageCursor_error_not_a_loop()
    {
        // c1 → c2 → c1 → …
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, CannedListing(TaskRunProvider.Deck, 100, 2,
            (index, _) => index == 2 ? CannedResponse.Json(Pages.Valid(TaskRunProvider.Deck, [RunId(4), RunId(5)], 3, 2, 100, "c1")) : null));

        var (runs, error) = await ListAllCatching(harness);

        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.Equal("RepeatedPageCursor", api.ErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, api.Category);
        Assert.Equal(Enumerable.Range(0, 6).Select(RunId), runs.Select(r => r.Id));
        Assert.Equal(3, harness.ApiRequests.Count);
    }

    [Fact]
    public async Task Has_more_without_a_cursor_stops_with_a_warning()
    {
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, CannedListing(TaskRunProvider.Deck, 100, 2,
            (index, _) => index == 1 ? CannedResponse.Json("""{"data":[{"id":"run-002","status":"queued"}],"has_more":true,"next_cursor":null}""") : null));

        var (runs, error) = await ListAllCatching(harness);

        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1), RunId(2)], runs.Select(r => r.Id));
        Assert.Contains(harness.Log.Warnings, w => w.Contains("has_more") && w.Contains("no cursor"));
        Assert.Equal(2, harness.ApiRequests.Count);
    }

    [Fact]
    public async Task A_server_that_ignores_the_offset_gives_each_run_once_and_ends()
    {
        // Always the first page, whatever offset is asked for; total says 10.
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, CannedListing(TaskRunProvider.RunWisp, 10, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.RunWisp, [RunId(0), RunId(1)], 1, 2, 10))));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.Equal(5, harness.ApiRequests.Count);
    }
}
