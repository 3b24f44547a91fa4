using System.Management.Automation;
using System.Text.Json;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class RunWispEndToEndTests : IDisposable, IClassFixture<NewRunWispEmulatorFixture>, IClassFixture<InsertingEmulatorFixture>
{
    private const string TypeName = "TaskRuns.Model.RunWispTaskRun";
    private readonly EmulatorFixture _emulator;
    private readonly NewRunWispEmulatorFixture _newDaemon;
    private readonly InsertingEmulatorFixture _inserting;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public RunWispEndToEndTests(EmulatorFixture emulator, NewRunWispEmulatorFixture newDaemon, InsertingEmulatorFixture inserting)
    {
        _emulator = emulator;
        _newDaemon = newDaemon;
        _inserting = inserting;
        _ps = emulator.NewSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _raw.Dispose();
    }

    private Emulator.ProviderStats Stats => _emulator.Host.Stats.RunWisp;

    /// <summary>A seeded task (not always-fails, which has no seeded runs).</summary>
    private async Task<string> FirstTask() => (await _raw.RunWispTaskNames()).First(n => n != "always-fails");

    private static List<string> Ids(IEnumerable<JsonElement> runs) => runs.Select(r => r.GetProperty("id").GetString()!).ToList();

    private static void AssertTypedAndNormalised(IReadOnlyList<JsonElement> raw, IReadOnlyList<RunView> runs)
    {
        RunAssert.SameIdsInOrder(Ids(raw), runs);
        for (int i = 0; i < raw.Count; i++)
        {
            JsonElement r = raw[i];
            RunView run = runs[i];
            string status = r.GetProperty("status").GetString()!;
            string? endReason = r.TryGetProperty("end_reason", out var e) ? e.GetString() : null;
            var (normalised, terminal) = StatusTable.RunWisp(status, endReason);
            Assert.Equal(TypeName, run.TypeName);
            Assert.Equal("RunWisp", run.Provider);
            Assert.Equal(r.GetProperty("task_name").GetString(), run.TaskId);
            Assert.Equal(RawApi.RunWispProviderStatus(r), run.ProviderStatus);
            Assert.Equal(normalised, run.Status);
            Assert.Equal(terminal, run.IsTerminal);
            Assert.Equal(status, run["RunStatus"]);
            Assert.Equal(r.GetProperty("exit_code").GetInt64(), run["ExitCode"]);
        }
    }

    [Fact]
    public async Task All_returns_exactly_the_runs_the_daemon_lists_for_a_task_and_across_tasks()
    {
        string task = await FirstTask();
        var raw = await _raw.RunWispRuns($"/api/tasks/{task}/runs");
        Assert.True(raw.Count > 200);

        // One page of 1000 (the -All page size) and many pages of 50 fetched concurrently: the same list either way.
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -All", task).ThrowIfErrors().Runs());
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -All -PageSize 50", task).ThrowIfErrors().Runs());

        // Without -TaskId: GET /api/runs, every task's runs.
        var everything = await _raw.RunWispRuns("/api/runs");
        Assert.True(everything.Select(r => r.GetProperty("task_name").GetString()).Distinct().Count() > 1);
        AssertTypedAndNormalised(everything, _ps.Run("Get-TaskRun @runwisp -All -PageSize 100").ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Status_filter_sends_a_lifecycle_value_or_an_end_reason_to_the_daemon()
    {
        string task = await FirstTask();
        foreach (string status in new[] { "pending", "ended", "failed", "log_overflow" })
        {
            var raw = await _raw.RunWispRuns($"/api/tasks/{task}/runs", "status=" + status);
            Assert.NotEmpty(raw);
            AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Status $args[1] -All", task, status).ThrowIfErrors().Runs());
        }
        Assert.All(await _raw.RunWispRuns($"/api/tasks/{task}/runs", "status=ended"), r => Assert.Equal("ended", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Several_status_values_mixing_lifecycle_and_end_reason_select_their_union()
    {
        // The daemon takes one value; two are checked client-side. 'ended' must match ended runs although their
        // ProviderStatus is the end reason.
        string task = await FirstTask();
        var all = await _raw.RunWispRuns($"/api/tasks/{task}/runs");
        var expected = Ids(all.Where(r => r.GetProperty("status").GetString() is "running" or "ended"));
        var runs = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Status running,ended -All", task).ThrowIfErrors().Runs();
        RunAssert.SameIdsInOrder(expected, runs);

        var reasons = Ids(all.Where(r => RawApi.RunWispProviderStatus(r) is "timeout" or "crashed"));
        Assert.NotEmpty(reasons);
        RunAssert.SameIdsInOrder(reasons, _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Status timeout,crashed -All", task).ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Normalised_statuses_select_exactly_the_runs_whose_normalised_status_matches()
    {
        string task = await FirstTask();
        var all = await _raw.RunWispRuns($"/api/tasks/{task}/runs");
        string Normalised(JsonElement r) =>
            StatusTable.RunWisp(r.GetProperty("status").GetString()!, r.TryGetProperty("end_reason", out var e) ? e.GetString() : null).Status;

        foreach (string status in new[] { "Failure", "Skipped", "Cancelled", "Queued", "WaitingForInput" })
        {
            var expected = Ids(all.Where(r => Normalised(r) == status));
            var runs = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Status $args[1] -All", task, status).ThrowIfErrors().Runs();
            RunAssert.SameIdsInOrder(expected, runs);
            Assert.All(runs, r => Assert.Equal(status, r.Status));
        }
        Assert.Contains(all, r => Normalised(r) == "Failure" && RawApi.RunWispProviderStatus(r) == "crashed"); // several raw values behind one name
    }

    [Fact]
    public async Task Sort_and_search_are_the_daemons()
    {
        string task = await FirstTask();
        foreach (var (field, direction) in new[] { ("exit_code", "asc"), ("start_at", "desc"), ("task_name", "asc") })
        {
            var raw = await _raw.RunWispRuns("/api/runs", $"sort_field={field}&sort_direction={direction}", limit: 100);
            var runs = _ps.Run("Get-TaskRun @runwisp -SortBy $args[0] -SortDirection $args[1] -All -PageSize 100", field, direction).ThrowIfErrors().Runs();
            RunAssert.SameIdsInOrder(Ids(raw), runs);
        }
        var ascending = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -SortBy exit_code -SortDirection asc -First 5", task).ThrowIfErrors().Runs();
        Assert.Equal(-2L, ascending[0]["ExitCode"]); // crashed at restart sorts first

        // Search: part of a task name (cross-task) and part of a run id.
        string part = task.Length > 3 ? task.Substring(1, 3) : task;
        var byName = await _raw.RunWispRuns("/api/runs", "search=" + Uri.EscapeDataString(part));
        Assert.NotEmpty(byName);
        RunAssert.SameIdsInOrder(Ids(byName), _ps.Run("Get-TaskRun @runwisp -Search $args[0] -All", part).ThrowIfErrors().Runs());
        string someId = Ids(await _raw.RunWispRuns($"/api/tasks/{task}/runs"))[17];
        string idPart = someId.Substring(14);
        var byId = await _raw.RunWispRuns($"/api/tasks/{task}/runs", "search=" + idPart);
        Assert.Contains(someId, Ids(byId));
        RunAssert.SameIdsInOrder(Ids(byId), _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Search $args[1] -All", task, idPart).ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Filter_task_name_lists_one_task_through_the_cross_task_endpoint()
    {
        string task = await FirstTask();
        var raw = await _raw.RunWispRuns("/api/runs", "task_name=" + task);
        Assert.Equal(Ids(await _raw.RunWispRuns($"/api/tasks/{task}/runs")), Ids(raw));
        long listsBefore = Stats.ListRequests;
        var runs = _ps.Run("Get-TaskRun @runwisp -Filter @{ task_name = $args[0] } -All", task).ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw, runs);
        Assert.All(runs, r => Assert.Equal(task, r.TaskId));
        Assert.Equal(1, Stats.ListRequests - listsBefore);
    }

    [Theory]
    [InlineData("-Outcome success")]
    [InlineData("-Version 2")]
    [InlineData("-AgentId agt_1")]
    [InlineData("-WorkflowName x")]
    [InlineData("-Filter @{ workflow_id = 'wf_1' }")]
    public async Task A_filter_RunWisp_cannot_honour_is_an_UnsupportedFilter_error_and_nothing_is_sent(string filter)
    {
        string task = await FirstTask();
        long before = Stats.Requests;
        var result = _ps.Run($"Get-TaskRun @runwisp -TaskId $args[0] {filter} -All", task);
        var error = RunAssert.SingleError(result, "UnsupportedFilter");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("RunWisp", error.Exception.Message);
        RunAssert.NamesTheFilterAsTyped(filter, error);
        Assert.Equal(before, Stats.Requests);
    }

    [Fact]
    public async Task Get_by_id_by_pipeline_and_a_page_token_resumed_until_exhausted()
    {
        string task = await FirstTask();
        var raw = await _raw.RunWispRuns($"/api/tasks/{task}/runs");
        JsonElement first = raw[3];
        var one = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Id $args[1]", task, first.GetProperty("id").GetString()).ThrowIfErrors().Runs();
        AssertTypedAndNormalised(new[] { first }, one);

        // Piped runs bind Provider, TaskId and Id by property name.
        var refreshed = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -First 3 | Get-TaskRun -BaseUri $EmulatorUri -Credential $runwisp.Credential", task).ThrowIfErrors().Runs();
        RunAssert.SameIdsInOrder(Ids(raw.Take(3)), refreshed);

        // A 0.4.x daemon has no /api/runs/{id} (it answers with its web UI): without -TaskId the run is found by an
        // exact id match through GET /api/runs?search=<id>.
        var noTask = _ps.Run("Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -Credential $runwisp.Credential -Id $args[0]", first.GetProperty("id").GetString())
            .ThrowIfErrors().Runs();
        AssertTypedAndNormalised(new[] { first }, noTask);

        var all = _ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -All", task).ThrowIfErrors().Runs().Select(r => r.Id).ToList();
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = _ps.Run("Get-TaskRunPage @runwisp -TaskId $args[0] -PageSize 40 -NextPageToken $args[1]", task, token).ThrowIfErrors().Pages().Single();
            Assert.Equal(raw.Count, page.TotalCount);
            Assert.All(page.Items, r => Assert.Equal(TypeName, r.TypeName));
            seen.AddRange(page.Items.Select(r => r.Id));
            token = page.NextPageToken;
        } while (token != null && ++pages < 100);
        Assert.Equal(all, seen);
        Assert.Equal(Ids(raw), seen);
    }

    [Fact]
    public async Task Every_raw_status_in_the_seeded_data_maps_to_the_documented_normalised_status()
    {
        var raw = await _raw.RunWispRuns("/api/runs");
        var runs = _ps.Run("Get-TaskRun @runwisp -All").ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw, runs);
        var seen = runs.Select(r => r.ProviderStatus).ToHashSet();
        Assert.Superset(new HashSet<string> { "pending", "running", "success", "failed", "stopped", "timeout", "crashed", "skipped", "log_overflow" }, seen);
    }

    [Fact]
    public async Task A_wrong_password_is_a_terminating_AuthenticationFailed_error_after_one_login_attempt()
    {
        string task = await FirstTask();
        const string wrong = "wrong-password-9d2e";
        long failures = Stats.LoginFailures, logins = Stats.Logins, lists = Stats.ListRequests;
        var result = _ps.Run("""
            $cred = [pscredential]::new('runwisp', $args[1])
            try { Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -Credential $cred -TaskId $args[0] -All -ErrorAction SilentlyContinue; 'not caught' }
            catch { $_ }
            """, task, PowerShellSession.Secure(wrong));
        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("AuthenticationFailed,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("RunWisp", error.Exception.Message);
        Assert.DoesNotContain(wrong, error.Exception.ToString());
        Assert.Equal(1, Stats.LoginFailures - failures); // never retried: the daemon allows 5 logins per 5 minutes
        Assert.Equal(0, Stats.Logins - logins);
        Assert.Equal(0, Stats.ListRequests - lists);
    }

    [Fact]
    public void An_invalid_task_name_is_InvalidTaskName_before_any_request()
    {
        long before = Stats.Requests;
        var error = RunAssert.SingleError(_ps.Run("Get-TaskRun @runwisp -TaskId 'bad name!' -All"), "InvalidTaskName");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("bad name!", error.TargetObject);
        Assert.Equal(before, Stats.Requests);
    }

    [Fact]
    public async Task A_page_with_runs_null_yields_no_output_and_no_error()
    {
        // The daemon answers an empty page with "runs": null — for a task without such runs and for an unknown task.
        foreach (var (path, query, script) in new[]
        {
            ("/api/tasks/always-fails/runs", "status=skipped", "Get-TaskRun @runwisp -TaskId always-fails -Status skipped -All"),
            ("/api/tasks/no-such-task/runs", "", "Get-TaskRun @runwisp -TaskId no-such-task -All"),
            ("/api/tasks/no-such-task/runs", "", "Get-TaskRun @runwisp -TaskId no-such-task"),
        })
        {
            var (status, _, text) = await _raw.RunWispGet($"{path}?limit=1000&offset=0{(query.Length > 0 ? "&" + query : "")}");
            Assert.Equal(200, status);
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal(JsonValueKind.Null, body.GetProperty("runs").ValueKind);
            Assert.Equal(0, body.GetProperty("total").GetInt64());

            var result = _ps.Run(script);
            Assert.Empty(result.Output);
            Assert.Empty(result.AllErrors);
            // An unknown task is pointed out (it may be a run id given where the task key goes); nothing else is warned about.
            Assert.All(result.Warnings, w => Assert.Contains("lists no runs of task 'no-such-task'", w));
        }
    }

    [Fact]
    public async Task All_while_the_daemon_inserts_runs_lists_every_run_that_existed_once()
    {
        var store = _inserting.Host.Store;
        var stats = _inserting.Host.Stats.RunWisp;
        using var ps = _inserting.NewSession();
        string task = store.TaskIds("runwisp").First(t => t != "always-fails");
        foreach (var (scope, script) in new[]
        {
            ((string?)task, "Get-TaskRun @runwisp -TaskId $args[0] -All -PageSize 20 -Verbose"),
            (null, "Get-TaskRun @runwisp -All -PageSize 30 -Verbose"),
        })
        {
            var existing = store.Runs("runwisp", scope).Select(r => r.Id).ToList();
            long inserted = stats.RunsInserted;
            var result = ps.Run(script, task).ThrowIfErrors();
            var runs = result.Runs();
            Assert.Contains(result.Verbose, v => v.Contains("appeared twice")); // rows moved down a page and were dropped by id
            Assert.True(stats.RunsInserted - inserted >= 3 * (existing.Count / 30), $"only {stats.RunsInserted - inserted} runs were inserted");
            var ids = runs.Select(r => r.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());                           // no duplicates
            var existingSet = existing.ToHashSet();
            Assert.Equal(existing, ids.Where(existingSet.Contains).ToList());           // every existing run once, in order
            Assert.All(ids.Where(id => !existingSet.Contains(id)), id => Assert.NotNull(_inserting.Host.Store.FindRun("runwisp", id)));
        }
    }

    [Fact]
    public async Task The_newer_daemon_generation_works_through_the_same_cmdlets()
    {
        var raw = _newDaemon.Raw;
        using var ps = _newDaemon.NewSession();
        var tasks = await raw.RunWispTaskNames();
        Assert.Equal(tasks, ps.Run("Get-TaskRunTask @runwisp").ThrowIfErrors().Output.Select(t => RunView.Text(t, "TaskId")));
        string task = tasks.First(n => n != "always-fails");

        var (_, _, text) = await raw.RunWispGet($"/api/tasks/{task}/runs?limit=5");
        Assert.Contains("\"items\"", text);
        Assert.Contains("\"instance_index\"", text);

        var all = await raw.RunWispRuns("/api/runs");
        var runs = ps.Run("Get-TaskRun @runwisp -All -PageSize 70").ThrowIfErrors().Runs();
        AssertTypedAndNormalised(all, runs);
        for (int i = 0; i < all.Count; i++) Assert.Equal(all[i].GetProperty("instance_index").GetInt64(), runs[i]["ReplicaIndex"]);
        var seen = runs.Select(r => r.ProviderStatus).ToHashSet();
        Assert.Superset(new HashSet<string> { "queue_full", "dst_skipped", "daemon_stopped", "missed", "start_failed" }, seen);

        var queueFull = await raw.RunWispRuns($"/api/tasks/{task}/runs", "status=queue_full");
        Assert.NotEmpty(queueFull);
        AssertTypedAndNormalised(queueFull, ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -Status queue_full -All", task).ThrowIfErrors().Runs());

        // One run: GET /api/runs/{id}, with or without -TaskId.
        JsonElement some = (await raw.RunWispRuns($"/api/tasks/{task}/runs"))[5];
        string id = some.GetProperty("id").GetString()!;
        AssertTypedAndNormalised(new[] { some }, ps.Run("Get-TaskRun @runwisp -Id $args[0]", id).ThrowIfErrors().Runs());
        AssertTypedAndNormalised(new[] { some }, ps.Run("Get-TaskRun @runwisp -TaskId $args[1] -Id $args[0]", id, task).ThrowIfErrors().Runs());

        // An empty page is "items": null there.
        Assert.Empty(ps.Run("Get-TaskRun @runwisp -TaskId always-fails -All").ThrowIfErrors().Output);
    }

    [Fact]
    public async Task The_session_token_is_cached_per_base_uri_and_password_across_commands()
    {
        var stats = _newDaemon.Host.Stats.RunWisp;
        string task = (await _newDaemon.Raw.RunWispTaskNames()).First(n => n != "always-fails"); // the oracle's own login first
        using (var ps = _newDaemon.NewSession())
        {
            ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -First 3", task).ThrowIfErrors();
            ps.Run("Get-TaskRunTask @runwisp").ThrowIfErrors();
            ps.Run("Get-TaskRunPage @runwisp -TaskId $args[0] -PageSize 5", task).ThrowIfErrors();
        }
        using (var other = _newDaemon.NewSession()) // another runspace, same process
            other.Run("Get-TaskRun @runwisp -All").ThrowIfErrors();
        long listed = stats.ListRequests;
        Assert.True(listed >= 3);
        // Every login on this emulator is the oracle's or the module's: the module signed in exactly once.
        Assert.Equal(_newDaemon.Raw.RunWispLogins + 1, stats.Logins);
        Assert.Equal(0, stats.LoginFailures);
    }
}
