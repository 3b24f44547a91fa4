using System.Management.Automation;
using System.Text.RegularExpressions;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>An emulator of its own, so its request log holds only what these tests sent.</summary>
public sealed class BadInputFixture : EmulatorFixture
{
    protected override void Configure(EmulatorOptions options)
    {
        options.RunsPerTask = 30;
        options.TasksPerProvider = 2;
    }
}

/// <summary>
/// Bad input is refused before any request with a stable ErrorId, and hostile values (path traversal, spaces, escapes,
/// unicode, 10 kB) never change the request: the emulator sees them on the intended route, as one path segment or one
/// query value. One failed input is one non-terminating error; the other inputs still produce their runs.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputFixture>, IDisposable
{
    private readonly BadInputFixture _emulator;
    private readonly PowerShellSession _ps;

    public BadInputTests(BadInputFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        // RunWisp signs in once here, so "no request" below really means none.
        _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -First 1", ProviderCase.RunWisp.FirstTask(emulator.Host)).ThrowIfErrors();
        emulator.Host.Stats.Reset();
    }

    public void Dispose() => _ps.Dispose();

    private EmulatorHost Host => _emulator.Host;

    private static string TenKilobytes(string pattern) => string.Concat(Enumerable.Repeat(pattern, 10 * 1024 / pattern.Length + 1))[..(10 * 1024)];

    /// <summary>Values that must never change the request path or another query parameter.</summary>
    public static readonly string[] HostileValues =
    [
        "../../admin", "..\\..\\admin", "a b", "%2F", "%2e%2e", "a/b", "a?b=c&d=e", "a#frag", "x;y=z", "ünïcødé-日本-😀", "\u0000\t\r\n",
        TenKilobytes("a b/../%2F ü?&#"), TenKilobytes("日本"),
    ];

    public static TheoryData<int> HostileIndexes() => new(Enumerable.Range(0, HostileValues.Length));

    private static void AssertStablePascalCase(ErrorRecord error)
    {
        string id = error.FullyQualifiedErrorId.Split(',')[0];
        Assert.Matches("^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*$", id);
    }

    private ErrorRecord SingleError(PowerShellResult result)
    {
        var error = Assert.Single(result.AllErrors);
        AssertStablePascalCase(error);
        return error;
    }

    // ---------- validated before any request ----------

    public static TheoryData<string, string, string, string> RefusedBeforeAnyRequest() => new()
    {
        // provider, script ($args[0] = a real task of the provider), error id, target (null = not checked)
        { "Anchor", "Get-TaskRun @anchor -TaskId not-a-uuid", "InvalidTaskId", "not-a-uuid" },
        { "Anchor", "Get-TaskRun @anchor -TaskId ../../admin", "InvalidTaskId", "../../admin" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Id 12345", "InvalidRunId", "12345" },
        { "Anchor", "Get-TaskRunPage @anchor", "TaskIdRequired", "" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Version beta", "InvalidVersion", "beta" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId 'bad name!'", "InvalidTaskName", "bad name!" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId ../../admin", "InvalidTaskName", "../../admin" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId ('x' * 101)", "InvalidTaskName", "" },
        { "RunWisp", "Get-TaskRun @runwisp -Filter @{ task_name = 'a b' }", "InvalidTaskName", "a b" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId $args[0] -Id ('0' * 201)", "InvalidRunId", "" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -PageSize 101", "InvalidPageSize", "101" },
        { "Deck", "Get-TaskRun @deck -PageSize 101 -All", "InvalidPageSize", "101" },
        { "BrowserAct", "Get-TaskRun @browseract -PageSize 501", "InvalidPageSize", "501" },
        { "Deck", "Get-TaskRunPage @deck -PageSize 101", "InvalidPageSize", "101" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Since '2025-02-01' -Until '2025-01-01'", "InvalidDateRange", "" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId $args[0] -Since '2025-02-01' -Until '2025-01-01'", "InvalidDateRange", "" },
        { "Deck", "Get-TaskRun @deck -Since '2025-02-01' -Until '2025-01-01'", "InvalidDateRange", "" },
        { "BrowserAct", "Get-TaskRunPage @browseract -Since '2025-02-01' -Until '2025-01-01'", "InvalidDateRange", "" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Search x", "UnsupportedFilter", "x" },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Outcome success", "UnsupportedFilter", "outcome" },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId $args[0] -Version 3", "UnsupportedFilter", "3" },
        { "RunWisp", "Get-TaskRun @runwisp -AgentId agt_1", "UnsupportedFilter", "agent_id" },
        { "Deck", "Get-TaskRun @deck -Version 3", "UnsupportedFilter", "3" },
        { "Deck", "Get-TaskRun @deck -Filter @{ nope = 1 }", "UnsupportedFilter", "nope" },
        { "Deck", "Get-TaskRun @deck -SortBy status", "UnsupportedFilter", "sort_field" },
        { "BrowserAct", "Get-TaskRun @browseract -Search x", "UnsupportedFilter", "x" },
        { "BrowserAct", "Get-TaskRun @browseract -SourceId src_1", "UnsupportedFilter", "source_id" },
        { "Deck", "Get-TaskRun @deck -Status finished", "InvalidStatus", "finished" },
        { "Anchor", "Get-TaskRunPage @anchor -TaskId $args[0] -NextPageToken 'garbage!'", "InvalidPageToken", "garbage!" },
        { "Deck", "Get-TaskRun @deck -Id ..", "InvalidPathValue", ".." },
        { "Deck", "Get-TaskRun @deck -Id .", "InvalidPathValue", "." },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId $args[0] -Id '..'", "InvalidPathValue", ".." },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeAnyRequest))]
    public void Bad_input_is_refused_with_a_stable_error_id_before_any_request(string providerName, string script, string errorId, string target)
    {
        var provider = ProviderCase.Named(providerName);
        Host.Stats.Reset();

        var result = _ps.Run(script, provider.FirstTask(Host));

        var error = SingleError(result);
        Assert.Equal(errorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith(provider.Name + ": ", error.Exception.Message);
        if (target.Length > 0) Assert.Equal(target, error.TargetObject?.ToString());
        Assert.Empty(result.Output);
        Assert.Equal(0, Host.Stats.For(provider.Emulator).Requests);
    }

    public static TheoryData<string, string> UnworkableWaitParameters() => new()
    {
        // script ($args[0] = a real Anchor task), the problem named
        { "Start-TaskRun @anchor -TaskId $args[0] -Wait -PollInterval 0.05", "-PollInterval must be at least 100 ms." },
        { "Start-TaskRun @anchor -TaskId $args[0] -Wait -Timeout 0", "-Timeout must be positive." },
        { "Wait-TaskRun @anchor -TaskId $args[0] -Id ([guid]::NewGuid()) -PollInterval 0.05", "-PollInterval must be at least 100 ms." },
        { "[pscustomobject]@{ Provider = 'Anchor'; Id = [guid]::NewGuid().ToString(); TaskId = $args[0] } | Wait-TaskRun -BaseUri $anchor.BaseUri -ApiKey $anchor.ApiKey -Timeout 0", "-Timeout must be positive." },
    };

    /// <summary>
    /// Start-TaskRun -Wait and Wait-TaskRun check -Timeout and -PollInterval the same way: a value that cannot work ends the
    /// command at once (a terminating error, so try/catch gets it and nothing after it in the block runs), before any run is
    /// started or asked about.
    /// </summary>
    [Theory]
    [MemberData(nameof(UnworkableWaitParameters))]
    public void Unworkable_wait_parameters_end_Start_TaskRun_and_Wait_TaskRun_alike_before_any_request(string script, string problem)
    {
        Host.Stats.Reset();

        var result = _ps.Run("try { " + script + "; 'went on' } catch { $_ }", ProviderCase.Anchor.FirstTask(Host));

        var caught = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("InvalidWaitParameter", caught.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, caught.CategoryInfo.Category);
        Assert.Equal(problem, caught.Exception.Message);
        Assert.Empty(result.Errors);
        Assert.Equal(0, Host.Stats.For(ProviderCase.Anchor.Emulator).Requests);
    }

    [Fact]
    public void A_page_size_beyond_the_parameter_range_is_a_PowerShell_validation_error_before_any_request()
    {
        Host.Stats.Reset();
        var result = _ps.Run("Get-TaskRun @runwisp -TaskId etl -PageSize 1001");
        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Equal(0, Host.Stats.RunWisp.Requests);
    }

    // ---------- hostile values reach the intended route unchanged ----------

    private static bool HasControlCharacter(string value) => value.Any(char.IsControl);

    /// <summary>A NUL or line break in a path segment is refused before sending (servers reject it outright).</summary>
    private void AssertRefusedAsPathValue(ProviderCase provider, PowerShellResult result, string id)
    {
        var error = SingleError(result);
        Assert.Equal("InvalidPathValue,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Contains("control character", error.Exception.Message);
        Assert.Empty(Host.Stats.For(provider.Emulator).RecentRequests);
    }

    private RecordedRequest SingleRequest(ProviderCase provider) => Assert.Single(Host.Stats.For(provider.Emulator).RecentRequests);

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void A_hostile_Deck_run_id_is_one_escaped_path_segment_and_gets_Decks_own_404(int index)
    {
        string id = HostileValues[index];
        Host.Stats.Reset();

        var result = _ps.Run("Get-TaskRun @deck -Id $args[0]", id);

        if (HasControlCharacter(id))
        {
            AssertRefusedAsPathValue(ProviderCase.Deck, result, id);
            return;
        }
        var request = SingleRequest(ProviderCase.Deck);
        Assert.Equal("/v2/task-runs/{runId}", request.Route);
        Assert.Equal("/v2/task-runs/" + Uri.EscapeDataString(id), request.RawTarget);
        var error = SingleError(result);
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Matches("^Deck: HTTP 404 Not Found \\(request id [0-9a-f]{32}\\): Task run not found\\.", error.Exception.Message);
        Assert.Equal(id, error.TargetObject);
        Assert.True(error.Exception.Message.Length < 1000, "the message quotes at most a short part of the path");
    }

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void A_hostile_RunWisp_search_is_passed_as_the_query_value_and_nothing_else(int index)
    {
        string search = HostileValues[index];
        Host.Stats.Reset();

        var result = _ps.Run("Get-TaskRun @runwisp -TaskId etl -Search $args[0] -PageSize 7", search);

        Assert.Empty(result.AllErrors);
        Assert.Empty(result.Output); // nothing matches, and that is all
        var request = SingleRequest(ProviderCase.RunWisp);
        Assert.Equal("/api/tasks/{taskName}/runs", request.Route);
        Assert.Equal("etl", request.RouteValue("taskName"));
        Assert.Equal(search, request.QueryValue("search"));
        Assert.Equal("7", request.QueryValue("limit"));
        Assert.Equal("0", request.QueryValue("offset"));
        Assert.Equal(["limit", "offset", "search"], request.Query.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void Hostile_Deck_search_and_BrowserAct_workflow_name_and_id_stay_query_values(int index)
    {
        string value = HostileValues[index];
        Host.Stats.Reset();

        var deck = _ps.Run("Get-TaskRun @deck -Search $args[0] -PageSize 5", value);
        var browserActList = _ps.Run("Get-TaskRun @browseract -WorkflowName $args[0] -PageSize 5", value);
        var browserActOne = _ps.Run("Get-TaskRun @browseract -Id $args[0]", value);

        Assert.Empty(deck.AllErrors);
        var deckRequest = SingleRequest(ProviderCase.Deck);
        Assert.Equal("/v2/task-runs", deckRequest.Route);
        Assert.Equal(value, deckRequest.QueryValue("search"));
        Assert.Empty(browserActList.AllErrors);
        var requests = Host.Stats.BrowserAct.RecentRequests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("/v2/workflow/list-tasks", requests[0].Route);
        Assert.Equal(value, requests[0].QueryValue("workflow_name"));
        Assert.Equal("/v2/workflow/get-task", requests[1].Route);
        Assert.Equal(value, requests[1].QueryValue("task_id"));
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", SingleError(browserActOne).FullyQualifiedErrorId);
    }

    [Theory]
    [MemberData(nameof(HostileIndexes))]
    public void A_hostile_RunWisp_run_id_is_one_path_segment_answered_by_the_run_route(int index)
    {
        string id = HostileValues[index];
        Host.Stats.Reset();

        var result = _ps.Run("Get-TaskRun @runwisp -TaskId etl -Id $args[0]", id);

        if (HasControlCharacter(id))
        {
            AssertRefusedAsPathValue(ProviderCase.RunWisp, result, id);
            return;
        }
        var error = SingleError(result);
        if (id.Length > 200)
        {
            Assert.Equal("InvalidRunId,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId); // refused before sending
            Assert.Empty(Host.Stats.RunWisp.RecentRequests);
            return;
        }
        var request = SingleRequest(ProviderCase.RunWisp);
        Assert.Equal("/api/tasks/{taskName}/runs/{runId}", request.Route);
        Assert.Equal("/api/tasks/etl/runs/" + Uri.EscapeDataString(id), request.RawTarget);
        // The daemon's own validation answer (the id is not a ULID), from the right route.
        Assert.Equal("InvalidRequest,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Matches("^RunWisp: HTTP 422 .*path\\.runId", error.Exception.Message);
    }

    // ---------- one failed input, the others still succeed ----------

    [Fact]
    public void One_unknown_task_among_piped_inputs_is_one_error_and_the_other_tasks_runs_are_still_output()
    {
        var provider = ProviderCase.Anchor;
        string known = provider.FirstTask(Host);
        string unknown = Guid.NewGuid().ToString();

        var result = _ps.Run("[pscustomobject]@{ TaskId = $args[0] }, [pscustomobject]@{ TaskId = $args[1] } | Get-TaskRun @anchor -All", unknown, known);

        var error = SingleError(result);
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(unknown, error.TargetObject);
        Assert.Null(result.Terminating);
        Assert.Equal(provider.ExpectedIds(Host, known), result.Runs().Select(r => r.Id));
    }

    [Fact]
    public void One_unknown_run_id_among_piped_ids_is_one_error_targeting_that_id()
    {
        var runs = Host.Store.Runs("deck").Take(2).Select(r => r.Id).ToList();

        var result = _ps.Run("$args[0], 'trun_nope', $args[1] | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Get-TaskRun @deck", runs[0], runs[1]);

        var error = SingleError(result);
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal("trun_nope", error.TargetObject);
        Assert.Equal(runs, result.Runs().Select(r => r.Id));
    }

    [Fact]
    public void One_invalid_id_among_piped_ids_is_refused_alone_before_its_request()
    {
        string task = ProviderCase.Anchor.FirstTask(Host);
        var first = Host.Store.Runs("anchor", task)[0].Id;
        Host.Stats.Reset();

        var result = _ps.Run("$t = $args[0]; 'not-a-uuid', $args[1] | ForEach-Object { [pscustomobject]@{ TaskId = $t; Id = $_ } } | Get-TaskRun @anchor", task, first);

        var error = SingleError(result);
        Assert.Equal("InvalidRunId,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal("not-a-uuid", error.TargetObject);
        Assert.Equal([first], result.Runs().Select(r => r.Id));
        Assert.Equal(1, Host.Stats.Anchor.Requests);
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void The_earliest_and_latest_datetime_as_Since_and_Until_exclude_nothing_and_are_not_sent(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        Host.Stats.Reset();

        var result = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] -All -Since ([datetime]::MinValue) -Until ([datetime]::MaxValue)", task).ThrowIfErrors();

        Assert.Equal(provider.ExpectedIds(Host, task), result.Runs().Select(r => r.Id));
        foreach (var request in Host.Stats.For(provider.Emulator).RecentRequests.Where(r => r.Route == provider.ListRoute))
            foreach (string bound in new[] { "created_after", "created_before", "created_at_from", "created_at_to" })
                Assert.Null(request.QueryValue(bound));
    }
}

