using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// Responses the emulator cannot produce, served by a real HTTP server on 127.0.0.1 to the real engine (adapters,
/// ApiClient, pagers): each gives the right runs or one clear TaskRunApiException naming provider, HTTP status and
/// request id — never an unhandled exception, a hang or an endless loop.
/// </summary>
public sealed class HostileResponseTests
{
    public static TheoryData<TaskRunProvider> Providers() =>
        new(TaskRunProvider.Anchor, TaskRunProvider.RunWisp, TaskRunProvider.Deck, TaskRunProvider.BrowserAct);

    private static string RunId(int i) => "run-" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which page (0-based) a list request asks for, whatever the provider's paging style.</summary>
    private static int PageIndex(TaskRunProvider provider, CannedRequest request, int pageSize) => provider switch
    {
        TaskRunProvider.RunWisp => int.Parse(Pages.PositionOf(provider, request)) / pageSize,
        TaskRunProvider.Deck => Pages.PositionOf(provider, request) is var c && c.Length > 0 ? int.Parse(c[1..]) : 0,
        _ => int.Parse(Pages.PositionOf(provider, request)) - 1,
    };

    /// <summary>
    /// A well-behaved list of <paramref name="total"/> runs in pages of <paramref name="pageSize"/>; <paramref name="page"/>
    /// may answer a page (0-based) differently. Every response carries x-request-id "rid-{n}".
    /// </summary>
    private static Func<CannedRequest, CannedResponse> Listing(
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

    private static CannedResponse ValidPage(TaskRunProvider provider, int index, int total, int pageSize, int? claimedTotal = null)
    {
        var ids = Enumerable.Range(index * pageSize, Math.Max(0, Math.Min(pageSize, total - index * pageSize))).Select(RunId).ToList();
        bool more = (index + 1) * pageSize < total;
        return CannedResponse.Json(Pages.Valid(provider, ids, index + 1, pageSize, claimedTotal ?? total, more ? "c" + (index + 1) : null));
    }

    private static async Task<(List<TaskRun> Runs, Exception? Error)> ListAllCatching(ProviderHarness harness, int pageSize = 2, int throttle = 1)
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

    private static TaskRunApiException AssertApiError(Exception? error, TaskRunProvider provider, string errorId, int? status)
    {
        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.Equal(errorId, api.ErrorId);
        Assert.Equal(provider, api.Provider);
        Assert.Equal(status, api.StatusCode);
        Assert.StartsWith(provider + ": " + (status is int s ? "HTTP " + s : ""), api.Message);
        Assert.DoesNotContain(ProviderHarness.Key, api.ToString());
        return api;
    }

    private static int RequestsFor(ProviderHarness harness, TaskRunProvider provider, int pageIndex, int pageSize = 2) =>
        harness.ApiRequests.Count(r => PageIndex(provider, r, pageSize) == pageIndex);

    // ---------- malformed, wrong, missing ----------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_body_that_stays_malformed_is_retried_then_fails_with_InvalidResponse_after_the_pages_before_it(TaskRunProvider provider)
    {
        // Page 2 always cut in the middle, as a proxy or a dropped connection leaves it.
        string page2 = Pages.Valid(provider, [RunId(2), RunId(3)], 2, 2, 10, "c2");
        await using var harness = new ProviderHarness(provider, Listing(provider, 10, 2,
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
        await using var harness = new ProviderHarness(provider, Listing(provider, 4, 2, (_, _) => CannedResponse.Json(body)));

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
        await using var harness = new ProviderHarness(provider, Listing(provider, 4, 2, (_, _) => CannedResponse.Json(body)));

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
        await using var harness = new ProviderHarness(provider, Listing(provider, 0, 2, (_, _) => CannedResponse.Json(body)));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        Assert.Empty(runs);
        Assert.Single(harness.ApiRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Null_entries_in_a_run_array_are_skipped(TaskRunProvider provider)
    {
        string valid = Pages.Valid(provider, [RunId(0), RunId(1)], 1, 2, 2);
        string withNulls = valid.Replace("[{", "[null,{").Replace("}]", "},null]");
        Assert.NotEqual(valid, withNulls);
        await using var harness = new ProviderHarness(provider, Listing(provider, 2, 2, (_, _) => CannedResponse.Json(withNulls)));
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
        await using var harness = new ProviderHarness(provider, Listing(provider, 1, 2,
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
        await using var runWisp = new ProviderHarness(TaskRunProvider.RunWisp, Listing(TaskRunProvider.RunWisp, 1, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.RunWisp, [RunId(0)], 1, 2, 1).Replace("\"success\"", "\"teleported\""))));
        var ended = Assert.Single((await ListAllCatching(runWisp)).Runs);
        Assert.Equal((TaskRunStatus.Unknown, "teleported", true), (ended.Status, ended.ProviderStatus, ended.IsTerminal));

        await using var deck = new ProviderHarness(TaskRunProvider.Deck, Listing(TaskRunProvider.Deck, 1, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.Deck, [RunId(0)], 1, 2, 1).Replace("\"result\":\"success\"", "\"result\":\"maybe\""))));
        var completed = Assert.Single((await ListAllCatching(deck)).Runs);
        Assert.Equal((TaskRunStatus.Unknown, "completed", true), (completed.Status, completed.ProviderStatus, completed.IsTerminal));
        Assert.Equal("maybe", ((DeckTaskRun)completed).Result);
    }

    // ---------- not JSON at all ----------

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_html_page_instead_of_json_is_UnexpectedContentType_and_not_retried(TaskRunProvider provider)
    {
        await using var harness = new ProviderHarness(provider, Listing(provider, 4, 2,
            (_, _) => CannedResponse.Text("<!doctype html><html><body>RunWisp</body></html>", "text/html; charset=utf-8")));

        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, provider, "UnexpectedContentType", 200);
        Assert.Contains("'text/html'", api.Message);
        Assert.Contains("-BaseUri", api.Message);
        Assert.Single(harness.ApiRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_empty_body_is_retried_then_InvalidResponse(TaskRunProvider provider)
    {
        await using var harness = new ProviderHarness(provider, Listing(provider, 4, 2, (_, _) => CannedResponse.Text("", contentType: null)));

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
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, Listing(TaskRunProvider.Anchor, 4, 2, (_, _) => CannedResponse.Json(body)));
        var (_, error) = await ListAllCatching(harness);
        var api = AssertApiError(error, TaskRunProvider.Anchor, "InvalidResponse", 200);
        Assert.Contains(problem, api.Message);
    }

    // ---------- too big, too slow ----------

    [Fact]
    public async Task A_gigantic_body_is_cut_off_at_64_MiB_and_not_retried()
    {
        Assert.Equal(64L * 1024 * 1024, new RetrySettings().MaxResponseBytes); // the documented cap
        long written = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, Listing(TaskRunProvider.Anchor, 4, 2, (_, _) => new CannedResponse
        {
            // Endless JSON whitespace after the opening: only the cap can end it. No Content-Length.
            WriteBody = async (stream, token) =>
            {
                await stream.WriteAsync("{\"data\":"u8.ToArray(), token);
                byte[] spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                for (int i = 0; i < 2000; i++)
                {
                    await stream.WriteAsync(spaces, token);
                    Interlocked.Add(ref written, spaces.Length);
                }
            },
        }));

        var watch = Stopwatch.StartNew();
        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, TaskRunProvider.Anchor, "InvalidResponse", 200);
        Assert.Contains("larger than 64 MiB", api.Message);
        Assert.Single(harness.ApiRequests);
        Assert.InRange(Interlocked.Read(ref written), 60L * 1024 * 1024, 100L * 1024 * 1024); // it stopped reading near the cap
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_page_larger_than_the_cap_is_InvalidResponse(TaskRunProvider provider)
    {
        var many = Enumerable.Range(0, 10000).Select(RunId).ToList();
        string huge = Pages.Valid(provider, many, 1, 2, 10000);
        Assert.True(huge.Length > 1024 * 1024);
        await using var harness = new ProviderHarness(provider, Listing(provider, 4, 2, (_, _) => CannedResponse.Json(huge)),
            settings => settings.MaxResponseBytes = 1024 * 1024);

        var (_, error) = await ListAllCatching(harness);

        Assert.Contains("larger than 1 MiB", AssertApiError(error, provider, "InvalidResponse", 200).Message);
        Assert.Single(harness.ApiRequests);
    }

    public static TheoryData<int> StalledStatuses() => new(200, 503);

    [Theory]
    [MemberData(nameof(StalledStatuses))]
    public async Task A_body_that_stalls_half_way_times_out_per_attempt_instead_of_hanging(int status)
    {
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, Listing(TaskRunProvider.Deck, 4, 2, (_, _) => new CannedResponse
        {
            Status = status,
            Reason = status == 200 ? "OK" : "Service Unavailable",
            Body = Encoding.UTF8.GetBytes("{\"data\":[{\"id\":\"run-"),
            AnnouncedLength = 1000,
            StallAfterBody = TimeSpan.FromSeconds(30),
        }), settings => settings.AttemptTimeout = TimeSpan.FromSeconds(1)); // 0.4 s was too short for the request to arrive when the machine was busy

        var watch = Stopwatch.StartNew();
        var (_, error) = await ListAllCatching(harness);
        watch.Stop();

        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.Equal("RequestTimeout", api.ErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, api.Category);
        Assert.StartsWith("Deck: no answer within 1 s [GET /task-runs?limit=2]", api.Message);
        Assert.Equal(3, harness.ApiRequests.Count); // each stalled attempt was abandoned and retried
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20)); // three attempts of 1 s each
    }

    // ---------- authentication and permission ----------

    public static TheoryData<TaskRunProvider, int> Refusals() => new()
    {
        { TaskRunProvider.Anchor, 401 }, { TaskRunProvider.Anchor, 403 },
        { TaskRunProvider.RunWisp, 401 }, { TaskRunProvider.RunWisp, 403 },
        { TaskRunProvider.Deck, 401 }, { TaskRunProvider.Deck, 403 },
        { TaskRunProvider.BrowserAct, 401 }, { TaskRunProvider.BrowserAct, 403 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_401_or_403_mid_way_stops_paging_at_once_and_is_never_retried(TaskRunProvider provider, int status)
    {
        await using var harness = new ProviderHarness(provider, Listing(provider, 10, 2,
            (index, _) => index == 1 ? new CannedResponse { Status = status, Reason = status == 401 ? "Unauthorized" : "Forbidden", ContentType = null } : null));

        var (runs, error) = await ListAllCatching(harness, throttle: 4);

        var api = AssertApiError(error, provider, status == 401 ? "AuthenticationFailed" : "PermissionDenied", status);
        Assert.Equal(status == 401 ? ErrorCategory.AuthenticationError : ErrorCategory.PermissionDenied, api.Category);
        Assert.True(api.StopsCommand);
        Assert.False(api.IsTransient);
        // RunWisp's cached sign-in may have expired: on a 401 it signs in once more and asks again, then gives up.
        int expected = provider == TaskRunProvider.RunWisp && status == 401 ? 2 : 1;
        Assert.Equal(expected, RequestsFor(harness, provider, 1));
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.DoesNotContain(harness.Log.VerboseLines, v => v.Contains(" failed ("));
    }

    // ---------- inconsistent pagination ----------

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
        await using var harness = new ProviderHarness(provider, Listing(provider, 6, 2, claimedTotal: 1_000_000));

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
        await using var harness = new ProviderHarness(provider, Listing(provider, 2, 2, claimedTotal: 1));
        var (runs, error) = await ListAllCatching(harness, throttle: 4);
        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.Single(harness.ApiRequests);
    }

    [Fact]
    public async Task A_cursor_that_comes_back_later_is_a_RepeatedPageCursor_error_not_a_loop()
    {
        // c1 → c2 → c1 → …
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, Listing(TaskRunProvider.Deck, 100, 2,
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
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, Listing(TaskRunProvider.Deck, 100, 2,
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
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, Listing(TaskRunProvider.RunWisp, 10, 2,
            (_, _) => CannedResponse.Json(Pages.Valid(TaskRunProvider.RunWisp, [RunId(0), RunId(1)], 1, 2, 10))));
        var (runs, error) = await ListAllCatching(harness);
        Assert.Null(error);
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.Equal(5, harness.ApiRequests.Count);
    }

    // ---------- error bodies and Retry-After ----------

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

    [Fact]
    public async Task A_Retry_After_beyond_30_seconds_is_capped_at_30()
    {
        using var cancel = new CancellationTokenSource();
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor,
            _ => CannedResponse.Json("""{"error":{"code":429,"message":"slow down"}}""", 429, "Too Many Requests").WithHeader("Retry-After", "3600"));
        harness.Log.OnVerbose = line => { if (line.Contains(" failed (")) cancel.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ListAllAsync(cancellationToken: cancel.Token));

        string retry = Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed ("));
        Assert.Contains("HTTP 429", retry);
        Assert.Contains("Retry-After 3600.0 s", retry);
        Assert.EndsWith("retry 1 of 2 in 30.0 s.", retry);
        Assert.Single(harness.ApiRequests);
    }

    [Fact]
    public async Task A_Retry_After_date_in_the_past_retries_at_once()
    {
        int calls = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, request =>
            Interlocked.Increment(ref calls) == 1
                ? CannedResponse.Json("{}", 503, "Service Unavailable").WithHeader("Retry-After", DateTimeOffset.UtcNow.AddHours(-1).ToString("R"))
                : CannedResponse.Json(Pages.Valid(TaskRunProvider.Anchor, [RunId(0)], 1, 2, 1)));

        var runs = await harness.ListAllAsync();

        Assert.Equal([RunId(0)], runs.Select(r => r.Id));
        Assert.EndsWith("retry 1 of 2 in 0 ms.", Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed (")));
    }

    // ---------- RunWisp's sign-in ----------

    public static TheoryData<string> SignInFaults() => new("dropped", "503", "truncated");

    [Theory]
    [MemberData(nameof(SignInFaults))]
    public async Task RunWisp_sign_in_survives_a_transient_fault_on_the_answer_with_a_fresh_challenge(string fault)
    {
        int answers = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, Listing(TaskRunProvider.RunWisp, 4, 2), signIn: request =>
        {
            if (request.Path != "/api/auth" || Interlocked.Increment(ref answers) > 1) return null; // the harness's normal answer
            return fault switch
            {
                "dropped" => CannedResponse.Dropped(),
                "503" => CannedResponse.Text("""{"title":"Service Unavailable","status":503}""", "application/problem+json", 503, "Service Unavailable"),
                _ => CannedResponse.Json("""{"tok"""),
            };
        });

        var runs = await harness.ListAllAsync();

        Assert.Equal(Enumerable.Range(0, 4).Select(RunId), runs.Select(r => r.Id));
        var signIns = harness.Server.Requests.Where(ProviderHarness.IsSignIn).ToList();
        // challenge, answer (fault), challenge again (a nonce is single-use), answer.
        Assert.Equal(["/api/auth/challenge", "/api/auth", "/api/auth/challenge", "/api/auth"], signIns.Select(r => r.Path));
        Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed ("));
    }

    [Fact]
    public async Task A_wrong_RunWisp_password_is_one_sign_in_attempt_and_an_AuthenticationFailed()
    {
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, Listing(TaskRunProvider.RunWisp, 4, 2), signIn: request =>
            request.Path == "/api/auth" ? CannedResponse.Text("""{"title":"Unauthorized","status":401,"detail":"invalid credentials"}""", "application/problem+json", 401, "Unauthorized") : null);

        var (runs, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, TaskRunProvider.RunWisp, "AuthenticationFailed", 401);
        Assert.Contains("invalid credentials", api.Message);
        Assert.Empty(runs);
        Assert.Single(harness.Server.Requests, r => r.Path == "/api/auth");
        Assert.Empty(harness.ApiRequests);
    }

    [Fact]
    public void The_documented_defaults_are_the_defaults()
    {
        var defaults = new RetrySettings();
        Assert.Equal(5, defaults.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(100), defaults.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.OverallTimeout);
        Assert.Equal(64L * 1024 * 1024, defaults.MaxResponseBytes);
    }
}
