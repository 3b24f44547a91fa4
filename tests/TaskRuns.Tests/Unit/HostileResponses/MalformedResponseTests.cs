using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>JSON bodies that are cut off, of the wrong types, missing required fields, with null or empty lists, or with statuses nobody documented.</summary>
public sealed class MalformedResponseTests
{
    [Theory]
    [MemberData(nameof(AllProviders), MemberType = typeof(HostileListing))]
    public async Task A_body_that_stays_malformed_is_retried_then_fails_with_InvalidResponse_after_the_pages_before_it(TaskRunProvider provider)
    {
        // Page 2 always cut in the middle, as a proxy or a dropped connection leaves it.
        string page2 = Pages.Valid(provider, [RunId(2), RunId(3)], 2, 2, 10, "c2");
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 10, 2,
            (index, _) => index == 1 ? CannedResponse.Json(page2[..(page2.Length / 2)]) : null));

        var (runs, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "InvalidResponse", 200);
        Assert.Matches("^" + provider + @": HTTP 200 \(request id rid-[0-9]+\): the response could not be read", api.Message);
        Assert.Equal(ErrorCategory.InvalidResult, api.Category);
        Assert.Equal(3, RequestsFor(harness, provider, 1)); // first attempt + 2 retries: a cut-off body may be a transient fault
        Assert.Equal(0, RequestsFor(harness, provider, 2)); // paging stopped there
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
    }

    public static TheoryData<TaskRunProvider, string, string> WrongTypes() => new()
    {
        { TaskRunProvider.Anchor, """{"data":{"results":[],"pagination":[1,2]}}""", "$.data.pagination" },
        { TaskRunProvider.Anchor, """{"data":{"results":"none","pagination":{}}}""", "$.data.results" },
        { TaskRunProvider.RunWisp, """{"runs":{"id":"a"},"total":1}""", "$.runs" },
        { TaskRunProvider.Deck, """{"data":[],"has_more":"yes","next_cursor":null}""", "$.has_more" },
        { TaskRunProvider.Deck, """{"data":{"id":"a"}}""", "$.data" },
        { TaskRunProvider.BrowserAct, """{"items":[{"id":"1","status":"finished","output":"text"}],"total_count":1}""", "$.items[0].output" },
        { TaskRunProvider.BrowserAct, """[{"id":"1"}]""", "$" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Wrong_types_are_InvalidResponse_at_once_naming_where(TaskRunProvider provider, string body, string path)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 4, 2, (_, _) => CannedResponse.Json(body)));

        var (runs, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "InvalidResponse", 200);
        Assert.Contains(path, api.Message);
        Assert.Empty(runs);
        Assert.Single(harness.ApiRequests); // well-formed JSON of the wrong shape: asking again gives the same
    }

    public static TheoryData<TaskRunProvider, string, string> MissingFields() => new()
    {
        { TaskRunProvider.Anchor, """{"data":{"results":[{"status":"success"}],"pagination":{"page":1}}}""", "data.results[0]: missing 'id'" },
        { TaskRunProvider.Anchor, """{"data":{"results":[]}}""", "'data.pagination'" },
        { TaskRunProvider.Anchor, """{"results":[]}""", "no 'data' object" },
        { TaskRunProvider.RunWisp, """{"runs":[{"id":"a","status":"ended"},{"id":"b"}],"total":2}""", "runs[1]: run b has no 'status'" },
        { TaskRunProvider.RunWisp, """{"runs":[]}""", "no 'total'" },
        { TaskRunProvider.Deck, """{"data":[{"status":"queued"}],"has_more":false}""", "data[0]: missing 'id'" },
        { TaskRunProvider.Deck, """{"data":null,"has_more":false}""", "no 'data' array" },
        { TaskRunProvider.BrowserAct, """{"items":[{"id":"","status":"finished"}],"total_count":1}""", "items[0]: missing 'id'" },
        { TaskRunProvider.BrowserAct, """{"page":1}""", "no 'items' array" },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public async Task Missing_required_fields_are_named_and_not_retried(TaskRunProvider provider, string body, string problem)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 4, 2, (_, _) => CannedResponse.Json(body)));

        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "InvalidResponse", 200);
        Assert.Contains(problem, api.Message);
        Assert.Single(harness.ApiRequests);
    }

    public static TheoryData<TaskRunProvider, string> EmptyOrNullLists() => new()
    {
        { TaskRunProvider.Anchor, """{"data":{"results":null,"pagination":{"page":1,"limit":2,"total":0,"totalPages":0}}}""" },
        { TaskRunProvider.RunWisp, """{"runs":null,"total":0}""" },
        { TaskRunProvider.RunWisp, """{"items":null,"total":0}""" },
        { TaskRunProvider.Deck, """{"data":[],"has_more":false,"next_cursor":null}""" },
        { TaskRunProvider.BrowserAct, """{"page":1,"limit":2,"items":null,"total_pages":0,"total_count":0}""" },
    };

    [Theory]
    [MemberData(nameof(EmptyOrNullLists))]
    public async Task A_null_or_empty_run_array_is_an_empty_listing(TaskRunProvider provider, string body)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 0, 2, (_, _) => CannedResponse.Json(body)));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        Assert.Empty(runs);
        Assert.Single(harness.ApiRequests);
    }

    [Theory]
    [MemberData(nameof(AllProviders), MemberType = typeof(HostileListing))]
    public async Task Null_entries_in_a_run_array_are_skipped(TaskRunProvider provider)
    {
        string valid = Pages.Valid(provider, [RunId(0), RunId(1)], 1, 2, 2);
        string withNulls = valid.Replace("[{", "[null,{").Replace("}]", "},null]");
        Assert.NotEqual(valid, withNulls);
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 2, 2, (_, _) => CannedResponse.Json(withNulls)));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
    }

    public static TheoryData<TaskRunProvider, string, string, bool> UnknownStatuses() => new()
    {
        { TaskRunProvider.Anchor, "exploded", "exploded", false },
        { TaskRunProvider.RunWisp, "hibernating", "hibernating", false },
        { TaskRunProvider.Deck, "teleporting", "teleporting", false },
        { TaskRunProvider.BrowserAct, "levitating", "levitating", false },
    };

    [Theory]
    [MemberData(nameof(UnknownStatuses))]
    public async Task An_unknown_status_is_kept_raw_with_status_Unknown(TaskRunProvider provider, string status, string raw, bool terminal)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 1, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(provider, [RunId(0)], 1, 2, 1, status: status))));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        var run = Assert.Single(runs);
        Assert.Equal(TaskRunStatus.Unknown, run.Status);
        Assert.Equal(raw, run.ProviderStatus);
        Assert.Equal(terminal, run.IsTerminal);
    }

    [Fact]
    public async Task Unknown_outcomes_of_ended_runs_stay_raw_too()
    {
        await using var runWisp = new ProviderHarness(TaskRunProvider.RunWisp, CannedListing(TaskRunProvider.RunWisp, 1, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.RunWisp, [RunId(0)], 1, 2, 1).Replace("\"success\"", "\"teleported\""))));
        var ended = Assert.Single((await ListAllCatching(runWisp)).Runs);
        Assert.Equal((TaskRunStatus.Unknown, "teleported", true), (ended.Status, ended.ProviderStatus, ended.IsTerminal));

        await using var deck = new ProviderHarness(TaskRunProvider.Deck, CannedListing(TaskRunProvider.Deck, 1, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.Deck, [RunId(0)], 1, 2, 1).Replace("\"result\":\"success\"", "\"result\":\"maybe\""))));
        var completed = Assert.Single((await ListAllCatching(deck)).Runs);
        Assert.Equal((TaskRunStatus.Unknown, "completed", true), (completed.Status, completed.ProviderStatus, completed.IsTerminal));
        Assert.Equal("maybe", ((DeckTaskRun)completed).Result);
    }
}
