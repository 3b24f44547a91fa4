using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Json;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class BrowserActEndToEndTests : IDisposable, IClassFixture<InsertingEmulatorFixture>
{
    private const string TypeName = "TaskRuns.Model.BrowserActTaskRun";
    private readonly EmulatorFixture _emulator;
    private readonly InsertingEmulatorFixture _inserting;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public BrowserActEndToEndTests(EmulatorFixture emulator, InsertingEmulatorFixture inserting)
    {
        _emulator = emulator;
        _inserting = inserting;
        _ps = emulator.NewSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _raw.Dispose();
    }

    private Emulator.ProviderStats Stats => _emulator.Host.Stats.BrowserAct;

    private static List<string> Ids(IEnumerable<JsonElement> tasks) => tasks.Select(r => r.GetProperty("id").GetString()!).ToList();

    private static string Status(JsonElement task) => task.GetProperty("status").GetString()!;

    private static DateTime CreatedAt(JsonElement task) =>
        DateTimeOffset.Parse(task.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture).UtcDateTime;

    private static void AssertTypedAndNormalised(IReadOnlyList<JsonElement> raw, IReadOnlyList<RunView> runs)
    {
        RunAssert.SameIdsInOrder(Ids(raw), runs);
        for (int i = 0; i < raw.Count; i++)
        {
            var (status, terminal) = StatusTable.BrowserAct(Status(raw[i]));
            Assert.Equal(TypeName, runs[i].TypeName);
            Assert.Equal("BrowserAct", runs[i].Provider);
            Assert.Equal(Status(raw[i]), runs[i].ProviderStatus);
            Assert.Equal(status, runs[i].Status);
            Assert.Equal(terminal, runs[i].IsTerminal);
            Assert.Equal(raw[i].GetProperty("workflow_id").GetString(), runs[i].TaskId);
        }
    }

    [Fact]
    public async Task All_returns_exactly_the_tasks_the_api_lists_typed_and_normalised()
    {
        var raw = await _raw.BrowserActTasks();
        Assert.True(raw.Count > 500); // more than one page of 500
        long lists = Stats.ListRequests;
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @browseract -All").ThrowIfErrors().Runs());
        Assert.Equal(2, Stats.ListRequests - lists); // -All pages at the largest size, 500
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @browseract -All -PageSize 500").ThrowIfErrors().Runs());
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @browseract -All -PageSize 60").ThrowIfErrors().Runs());

        string workflow = raw[0].GetProperty("workflow_id").GetString()!;
        var perWorkflow = await _raw.BrowserActTasks("workflow_id=" + workflow);
        Assert.True(perWorkflow.Count < raw.Count);
        AssertTypedAndNormalised(perWorkflow, _ps.Run("Get-TaskRun @browseract -TaskId $args[0] -All", workflow).ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Ids_beyond_2_to_the_53_stay_the_exact_strings_of_the_json()
    {
        var raw = await _raw.BrowserActTasks();
        var runs = _ps.Run("Get-TaskRun @browseract -All").ThrowIfErrors().Runs();
        for (int i = 0; i < raw.Count; i++)
        {
            string text = raw[i].GetProperty("id").GetRawText();
            Assert.StartsWith("\"", text);
            string digits = text.Trim('"');
            Assert.True(BigInteger.Parse(digits, CultureInfo.InvariantCulture) > new BigInteger(1L << 53), digits);
            Assert.Equal(digits, runs[i].Id);
            Assert.Equal(raw[i].GetProperty("workflow_id").GetRawText().Trim('"'), runs[i].TaskId);
        }
        // A double would have lost digits: the ids differ in their last digits.
        Assert.Contains(runs, r => (decimal)(double)decimal.Parse(r.Id, CultureInfo.InvariantCulture) != decimal.Parse(r.Id, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_filter_gives_what_the_api_gives_for_the_same_query()
    {
        var all = await _raw.BrowserActTasks();
        var workflows = await _raw.BrowserActWorkflows();
        var (workflowId, workflowName) = workflows[1];
        string part = workflowName.Substring(1, 4).ToUpperInvariant() == workflowName.Substring(1, 4)
            ? workflowName.Substring(1, 4).ToLowerInvariant() : workflowName.Substring(1, 4).ToUpperInvariant(); // other case
        DateTime since = CreatedAt(all[400]), until = CreatedAt(all[90]);

        var cases = new (string Script, object[] Args, string Query)[]
        {
            ("-Status failed", [], "status=failed"),
            ("-Status paused", [], "status=paused"),
            ("-Status Failure", [], "status=failed"),
            ("-TaskId $args[0]", [workflowId], "workflow_id=" + workflowId),
            ("-WorkflowName $args[0]", [part], "workflow_name=" + Uri.EscapeDataString(part)),
            ("-Since $args[0] -Until $args[1]", [since, until], $"created_at_from={Iso(since)}&created_at_to={Iso(until)}"),
            ("-TaskId $args[0] -Status finished -PageSize 500", [workflowId], $"workflow_id={workflowId}&status=finished"),
        };
        foreach (var (script, args, query) in cases)
        {
            var raw = await _raw.BrowserActTasks(query);
            Assert.True(raw.Count > 0 && raw.Count < all.Count, $"{query}: {raw.Count} of {all.Count} tasks; the case would prove nothing");
            AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @browseract -All " + script, args).ThrowIfErrors().Runs());
        }

        // The filters mean what they say: the workflow name matches whatever its case, the dates are inclusive.
        var named = workflows.Where(w => w.Name.Contains(part, StringComparison.OrdinalIgnoreCase)).Select(w => w.Id).ToHashSet();
        Assert.Equal(Ids(all.Where(t => named.Contains(t.GetProperty("workflow_id").GetString()!))), Ids(await _raw.BrowserActTasks("workflow_name=" + Uri.EscapeDataString(part))));
        Assert.Equal(Ids(all.Where(t => CreatedAt(t) >= since && CreatedAt(t) <= until)), Ids(await _raw.BrowserActTasks($"created_at_from={Iso(since)}&created_at_to={Iso(until)}")));
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Since_and_until_between_whole_seconds_are_exact()
    {
        // BrowserAct takes whole seconds; a bound half a second past a task's creation must still leave that task out.
        var all = await _raw.BrowserActTasks();
        DateTime since = CreatedAt(all[300]).AddMilliseconds(500), until = CreatedAt(all[50]).AddMilliseconds(-500);
        var expected = Ids(all.Where(t => CreatedAt(t) >= since && CreatedAt(t) <= until));
        Assert.DoesNotContain(Ids(all)[300], expected);
        Assert.DoesNotContain(Ids(all)[50], expected);
        RunAssert.SameIdsInOrder(expected, _ps.Run("Get-TaskRun @browseract -Since $args[0] -Until $args[1] -All", since, until).ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Normalised_statuses_select_exactly_the_tasks_whose_normalised_status_matches()
    {
        var all = await _raw.BrowserActTasks();
        foreach (string status in new[] { "Failure", "WaitingForInput", "Queued", "Unknown", "Cancelled" })
        {
            var expected = all.Where(t => StatusTable.BrowserAct(Status(t)).Status == status).ToList();
            Assert.NotEmpty(expected);
            AssertTypedAndNormalised(expected, _ps.Run("Get-TaskRun @browseract -Status $args[0] -All", status).ThrowIfErrors().Runs());
        }
        // WaitingForInput is pausing and paused: more than one server value, so it is checked client-side.
        Assert.Contains(all, t => Status(t) == "pausing");
        Assert.Contains(all, t => Status(t) == "paused");
    }

    [Fact]
    public async Task Every_raw_status_in_the_seeded_data_maps_to_the_documented_normalised_status()
    {
        var raw = await _raw.BrowserActTasks();
        var runs = _ps.Run("Get-TaskRun @browseract -All").ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw, runs);
        Assert.Equal(new HashSet<string> { "finished", "failed", "canceled", "created", "running", "pausing", "paused", "unknown" }, runs.Select(r => r.ProviderStatus).ToHashSet());
    }

    [Theory]
    [InlineData("-Search x")]
    [InlineData("-Version 2")]
    [InlineData("-Outcome success")]
    [InlineData("-SortBy exit_code")]
    [InlineData("-AgentId agt_1")]
    [InlineData("-Filter @{ workflow_id = '1' }")]
    public void A_filter_BrowserAct_cannot_honour_is_an_UnsupportedFilter_error_and_nothing_is_sent(string filter)
    {
        long before = Stats.Requests;
        var error = RunAssert.SingleError(_ps.Run($"Get-TaskRun @browseract {filter} -All"), "UnsupportedFilter");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("BrowserAct", error.Exception.Message);
        RunAssert.NamesTheFilterAsTyped(filter, error);
        Assert.Equal(before, Stats.Requests);
    }

    [Fact]
    public async Task Get_by_id_by_pipeline_and_a_page_token_resumed_until_exhausted()
    {
        var raw = await _raw.BrowserActTasks();
        var one = _ps.Run("Get-TaskRun @browseract -Id $args[0]", Ids(raw)[9]).ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw.Skip(9).Take(1).ToList(), one);

        var refreshed = _ps.Run("Get-TaskRun @browseract -First 3 | Get-TaskRun -BaseUri $EmulatorUri -ApiKey $key").ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw.Take(3).ToList(), refreshed);

        var all = _ps.Run("Get-TaskRun @browseract -All").ThrowIfErrors().Runs().Select(r => r.Id).ToList();
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = _ps.Run("Get-TaskRunPage @browseract -PageSize 150 -NextPageToken $args[0]", token).ThrowIfErrors().Pages().Single();
            Assert.Equal(raw.Count, page.TotalCount);
            seen.AddRange(page.Items.Select(r => r.Id));
            token = page.NextPageToken;
            pages++;
        } while (token != null && pages < 100);
        Assert.Equal(all, seen);
        Assert.Equal(Ids(raw), seen);
        Assert.Equal((raw.Count + 149) / 150, pages);
    }

    [Fact]
    public async Task An_unknown_task_id_is_a_not_found_error_naming_BrowserAct_the_status_and_the_trace_id()
    {
        const string unknown = "9223372036854775001";
        using (var response = await _raw.Http.GetAsync("/v2/workflow/get-task?task_id=" + unknown))
        {
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(400, (int)response.StatusCode);
            Assert.Equal(10112, body.GetProperty("code").GetInt32());
            Assert.Equal(response.Headers.GetValues("x-request-id").Single(), body.GetProperty("traceId").GetString());
        }

        var result = _ps.Run("Get-TaskRun @browseract -Id $args[0]", unknown);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors); // not terminating: other ids in a pipeline go on
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(unknown, error.TargetObject);
        var exception = PSObject.AsPSObject(error.Exception);
        string traceId = (string)exception.Properties["RequestId"].Value;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal("10112", exception.Properties["ProviderCode"].Value);
        Assert.Matches($"^BrowserAct: HTTP 400 .*request id {traceId}.*Task is not exist", error.Exception.Message);
    }

    [Fact]
    public async Task Get_TaskRunTask_lists_the_workflows()
    {
        var workflows = await _raw.BrowserActWorkflows();
        var tasks = _ps.Run("Get-TaskRunTask @browseract").ThrowIfErrors().Output;
        Assert.Equal(workflows.Select(w => w.Id), tasks.Select(t => RunView.Text(t, "TaskId")));
        Assert.Equal(workflows.Select(w => w.Name), tasks.Select(t => RunView.Text(t, "Name")));
    }

    [Fact]
    public void All_while_the_api_inserts_tasks_lists_every_task_that_existed_once()
    {
        var store = _inserting.Host.Store;
        var stats = _inserting.Host.Stats.BrowserAct;
        using var ps = _inserting.NewSession();
        string workflow = store.TaskIds("browseract")[0];
        foreach (var (scope, script) in new[]
        {
            ((string?)workflow, "Get-TaskRun @browseract -TaskId $args[0] -All -PageSize 20 -Verbose"),
            (null, "Get-TaskRun @browseract -All -PageSize 25 -Verbose"),
        })
        {
            var existing = store.Runs("browseract", scope).Select(r => r.Id).ToList();
            long inserted = stats.RunsInserted;
            var result = ps.Run(script, workflow).ThrowIfErrors();
            Assert.True(stats.RunsInserted - inserted >= 3 * (existing.Count / 25), $"only {stats.RunsInserted - inserted} tasks were inserted");
            Assert.Contains(result.Verbose, v => v.Contains("appeared twice"));
            var ids = result.Runs().Select(r => r.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            var existingSet = existing.ToHashSet();
            Assert.Equal(existing, ids.Where(existingSet.Contains).ToList());
            Assert.All(ids.Where(id => !existingSet.Contains(id)), id => Assert.NotNull(store.FindRun("browseract", id)));
        }
    }
}
