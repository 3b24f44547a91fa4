using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class DeckEndToEndTests : IDisposable
{
    private const string TypeName = "TaskRuns.Model.DeckTaskRun";
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public DeckEndToEndTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _raw.Dispose();
    }

    private Emulator.ProviderStats Stats => _emulator.Host.Stats.Deck;

    private static List<string> Ids(IEnumerable<JsonElement> runs) => runs.Select(r => r.GetProperty("id").GetString()!).ToList();

    private static string? Text(JsonElement run, string name) =>
        run.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> ErrorCodes(JsonElement run) =>
        run.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetProperty("code").GetString()!).ToList() : new();

    private static (string Status, bool Terminal) Normalised(JsonElement run) =>
        StatusTable.Deck(run.GetProperty("status").GetString()!, Text(run, "result"), ErrorCodes(run));

    private static DateTime CreatedAt(JsonElement run) =>
        DateTimeOffset.Parse(run.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture).UtcDateTime;

    private static void AssertTypedAndNormalised(IReadOnlyList<JsonElement> raw, IReadOnlyList<RunView> runs)
    {
        RunAssert.SameIdsInOrder(Ids(raw), runs);
        for (int i = 0; i < raw.Count; i++)
        {
            JsonElement r = raw[i];
            RunView run = runs[i];
            var (status, terminal) = Normalised(r);
            Assert.Equal(TypeName, run.TypeName);
            Assert.Equal("Deck", run.Provider);
            Assert.Equal(r.GetProperty("status").GetString(), run.ProviderStatus);
            Assert.Equal(status, run.Status);
            Assert.Equal(terminal, run.IsTerminal);
            Assert.Equal(Text(r, "task_id"), run.TaskId);
            Assert.Equal(Text(r, "result"), run["Result"]);
            Assert.Equal(Text(r, "agent_id"), run["AgentId"]);
            Assert.Equal(Text(r, "source_id"), run["SourceId"]);
            Assert.Equal(Text(r, "credential_id"), run["CredentialId"]);
        }
    }

    [Fact]
    public async Task All_returns_exactly_the_runs_the_api_lists_typed_and_normalised()
    {
        var raw = await _raw.DeckRuns();
        Assert.True(raw.Count > 300);
        AssertTypedAndNormalised(raw, _ps.Run("Get-TaskRun @deck -All").ThrowIfErrors().Runs());

        string task = Text(raw[0], "task_id")!;
        var perTask = await _raw.DeckRuns("task_id=" + task);
        Assert.True(perTask.Count < raw.Count);
        AssertTypedAndNormalised(perTask, _ps.Run("Get-TaskRun @deck -TaskId $args[0] -All", task).ThrowIfErrors().Runs());
    }

    [Fact]
    public async Task Every_filter_gives_what_the_api_gives_for_the_same_query()
    {
        var all = await _raw.DeckRuns();
        string[] sources = all.Select(r => Text(r, "source_id")).OfType<string>().Distinct().OrderBy(s => s, StringComparer.Ordinal).Take(2).ToArray();
        string agent = Text(all[0], "agent_id")!;
        string credential = all.Select(r => Text(r, "credential_id")).OfType<string>().First();
        var task = _emulator.Host.Store.Tasks("deck")[1];
        Assert.NotNull(task.WorkflowId);
        string search = task.Name.Split(' ')[1].ToUpperInvariant(); // a word of the task name, in another case
        DateTime since = CreatedAt(all[500]).AddTicks(3_000), until = CreatedAt(all[100]).AddTicks(7_000); // between runs

        var cases = new (string Script, object[] Args, string Query)[]
        {
            ("-Status queued,running,canceled", [], "status=queued&status=running&status=canceled"),
            ("-Status interaction_required", [], "status=interaction_required"),
            ("-Outcome failure,unknown", [], "outcome=failure&outcome=unknown"),
            ("-Status completed -Outcome success", [], "status=completed&outcome=success"),
            ("-SourceId $args[0],$args[1]", [sources[0], sources[1]], $"source_id={sources[0]}&source_id={sources[1]}"),
            ("-AgentId $args[0]", [agent], "agent_id=" + agent),
            ("-CredentialId $args[0]", [credential], "credential_id=" + credential),
            ("-TaskId $args[0]", [task.Id], "task_id=" + task.Id),
            ("-Filter @{ workflow_id = $args[0] }", [task.WorkflowId!], "workflow_id=" + task.WorkflowId),
            ("-Since $args[0] -Until $args[1]", [since, until], $"created_after={Iso(since)}&created_before={Iso(until)}"),
            ("-Search $args[0]", [search], "search=" + search),
            ("-TaskId $args[0] -Status failed -Outcome failure", [task.Id], $"task_id={task.Id}&status=failed&outcome=failure"),
        };
        foreach (var (script, args, query) in cases)
        {
            var raw = await _raw.DeckRuns(query);
            Assert.True(raw.Count > 0 && raw.Count < all.Count, $"{query}: {raw.Count} of {all.Count} runs; the case would prove nothing");
            var result = _ps.Run("Get-TaskRun @deck -All " + script, args).ThrowIfErrors();
            AssertTypedAndNormalised(raw, result.Runs());
        }

        // The filters mean what they say (not only "whatever the server did").
        Assert.Equal(Ids(await _raw.DeckRuns("task_id=" + task.Id)), Ids(await _raw.DeckRuns("workflow_id=" + task.WorkflowId)));
        Assert.All(await _raw.DeckRuns("search=" + search), r => Assert.Equal(task.Id, Text(r, "task_id")));
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Since_and_until_include_runs_created_exactly_at_the_bounds()
    {
        // -Since is "at or after", -Until "at or before" (Deck's own created_after/created_before are exclusive).
        var all = await _raw.DeckRuns();
        DateTime since = CreatedAt(all[60]), until = CreatedAt(all[20]);
        var expected = Ids(all.Where(r => CreatedAt(r) >= since && CreatedAt(r) <= until));
        Assert.True(expected.Count >= 41);
        var runs = _ps.Run("Get-TaskRun @deck -Since $args[0] -Until $args[1] -All", since, until).ThrowIfErrors().Runs();
        RunAssert.SameIdsInOrder(expected, runs);
    }

    [Fact]
    public async Task Normalised_statuses_select_exactly_the_runs_whose_normalised_status_matches()
    {
        var all = await _raw.DeckRuns();
        foreach (string status in new[] { "Failure", "WaitingForInput", "Success", "Timeout", "Cancelling", "Unknown" })
        {
            var expected = all.Where(r => Normalised(r).Status == status).ToList();
            Assert.NotEmpty(expected);
            var runs = _ps.Run("Get-TaskRun @deck -Status $args[0] -All", status).ThrowIfErrors().Runs();
            AssertTypedAndNormalised(expected, runs);
        }
        // WaitingForInput is two server values; Failure is failed runs and completed runs with result failure.
        Assert.Equal(Ids(all.Where(r => Normalised(r).Status == "WaitingForInput")), Ids(await _raw.DeckRuns("status=interaction_required&status=review_required")));
        Assert.Contains(all, r => Normalised(r).Status == "Failure" && r.GetProperty("status").GetString() == "completed");
    }

    [Theory]
    [InlineData("-Version 2")]
    [InlineData("-SortBy exit_code")]
    [InlineData("-WorkflowName x")]
    [InlineData("-Filter @{ task_name = 'x' }")]
    public void A_filter_Deck_cannot_honour_is_an_UnsupportedFilter_error_and_nothing_is_sent(string filter)
    {
        long before = Stats.Requests;
        var error = RunAssert.SingleError(_ps.Run($"Get-TaskRun @deck {filter} -All"), "UnsupportedFilter");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Deck", error.Exception.Message);
        RunAssert.NamesTheFilterAsTyped(filter, error);
        Assert.Equal(before, Stats.Requests);
    }

    [Fact]
    public async Task Get_by_id_by_pipeline_and_a_page_token_resumed_until_exhausted()
    {
        var raw = await _raw.DeckRuns();
        var one = _ps.Run("Get-TaskRun @deck -Id $args[0]", Ids(raw)[7]).ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw.Skip(7).Take(1).ToList(), one);

        var refreshed = _ps.Run("Get-TaskRun @deck -First 4 | Get-TaskRun -BaseUri ($EmulatorUri + '/v2') -ApiKey $key").ThrowIfErrors().Runs();
        AssertTypedAndNormalised(raw.Take(4).ToList(), refreshed);

        var all = _ps.Run("Get-TaskRun @deck -All").ThrowIfErrors().Runs().Select(r => r.Id).ToList();
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = _ps.Run("Get-TaskRunPage @deck -PageSize 90 -NextPageToken $args[0]", token).ThrowIfErrors().Pages().Single();
            Assert.Null(page.TotalCount); // Deck does not say
            Assert.Equal(page.NextPageToken != null, page.HasMore);
            seen.AddRange(page.Items.Select(r => r.Id));
            token = page.NextPageToken;
        } while (token != null && ++pages < 100);
        Assert.Equal(all, seen);
        Assert.Equal(Ids(raw), seen);
        Assert.Equal((raw.Count + 89) / 90 - 1, pages);
    }

    [Fact]
    public async Task Runtime_output_interaction_and_errors_arrive_as_PowerShell_values()
    {
        var raw = await _raw.DeckRuns();
        var runs = _ps.Run("Get-TaskRun @deck -All").ThrowIfErrors().Runs().ToDictionary(r => r.Id);

        // runtime_ms: an integer or a numeric string, both become RuntimeMs and Duration; null while unfinished.
        var asNumber = raw.First(r => r.GetProperty("runtime_ms").ValueKind == JsonValueKind.Number);
        var asString = raw.First(r => r.GetProperty("runtime_ms").ValueKind == JsonValueKind.String);
        var none = raw.First(r => r.GetProperty("runtime_ms").ValueKind == JsonValueKind.Null);
        foreach (var (r, ms) in new[] { (asNumber, asNumber.GetProperty("runtime_ms").GetInt64()), (asString, long.Parse(asString.GetProperty("runtime_ms").GetString()!, CultureInfo.InvariantCulture)) })
        {
            var run = runs[r.GetProperty("id").GetString()!];
            Assert.Equal(ms, run["RuntimeMs"]);
            Assert.Equal(TimeSpan.FromMilliseconds(ms), run["Duration"]);
        }
        Assert.Null(runs[none.GetProperty("id").GetString()!]["RuntimeMs"]);
        Assert.Null(runs[none.GetProperty("id").GetString()!]["Duration"]);

        // In a script: output objects, interaction and typed errors read like ConvertFrom-Json's.
        var objectOutput = raw.First(r => r.GetProperty("output").ValueKind == JsonValueKind.Object);
        var stringOutput = raw.First(r => r.GetProperty("output").ValueKind == JsonValueKind.String);
        var mfa = raw.First(r => r.GetProperty("interaction").ValueKind == JsonValueKind.Object);
        var failed = raw.First(r => r.GetProperty("status").GetString() == "failed");
        var result = _ps.Run("""
            $o = Get-TaskRun @deck -Id $args[0]
            $s = Get-TaskRun @deck -Id $args[1]
            $m = Get-TaskRun @deck -Id $args[2]
            $f = Get-TaskRun @deck -Id $args[3]
            $o.Output -is [System.Management.Automation.PSCustomObject]
            ($o.Output.PSObject.Properties | ForEach-Object Name) -join ','
            $s.Output -is [string]
            $s.Output
            $m.Interaction -is [System.Management.Automation.PSCustomObject]
            $m.Interaction.type -eq 'mfa'
            $m.Interaction.fields[0].name
            $m.Interaction.fields -is [array]
            $f.Errors[0].GetType().FullName
            $f.Errors[0].Code
            $f.Errors[0].Message
            $f.Errors.Count
            """, objectOutput.GetProperty("id").GetString(), stringOutput.GetProperty("id").GetString(), mfa.GetProperty("id").GetString(), failed.GetProperty("id").GetString())
            .ThrowIfErrors();
        var lines = result.Output.Select(o => o.BaseObject).ToList();
        Assert.Equal(true, lines[0]);
        Assert.Equal(string.Join(",", objectOutput.GetProperty("output").EnumerateObject().Select(p => p.Name)), lines[1]);
        Assert.Equal(true, lines[2]);
        Assert.Equal(stringOutput.GetProperty("output").GetString(), lines[3]);
        Assert.StartsWith("enc_", (string)lines[3]);
        Assert.Equal(true, lines[4]);
        Assert.Equal(true, lines[5]);
        Assert.Equal(mfa.GetProperty("interaction").GetProperty("fields")[0].GetProperty("name").GetString(), lines[6]);
        Assert.Equal(true, lines[7]);
        Assert.Equal("TaskRuns.Model.DeckRunError", lines[8]);
        var rawError = failed.GetProperty("errors")[0];
        Assert.Equal(rawError.GetProperty("code").GetString(), lines[9]);
        Assert.Equal(rawError.GetProperty("message").GetString(), lines[10]);
        Assert.Equal(failed.GetProperty("errors").GetArrayLength(), lines[11]);

        // Over the whole list: every interaction_required run shows its mfa interaction.
        var mfaIds = _ps.Run("Get-TaskRun @deck -All | Where-Object { $_.Interaction.type -eq 'mfa' } | ForEach-Object Id").ThrowIfErrors().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(Ids(raw.Where(r => r.GetProperty("status").GetString() == "interaction_required")), mfaIds);
    }

    [Fact]
    public async Task A_repeated_cursor_ends_paging_with_RepeatedPageCursor_never_a_loop()
    {
        var raw = Ids(await _raw.DeckRuns());
        // Settled first: a late request of the test before would take the forced fault's place or count here.
        long lists = Stats.AnsweredListRequestsSettled(), repeats = Stats.FaultCount("repeat-cursor");
        _emulator.Host.ForceFaults("deck", "repeat-cursor", count: 1, afterRequests: 1); // the second page answers with the cursor it was sent
        var result = _ps.Run("Get-TaskRun @deck -All");
        var error = Assert.Single(result.Errors);
        Assert.Equal("RepeatedPageCursor,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Deck", error.Exception.Message);
        Assert.Equal(1, Stats.FaultCount("repeat-cursor") - repeats);
        Assert.Equal(2, Stats.ListRequestsAnswered - lists);
        var ids = result.Runs().Select(r => r.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(raw.Take(ids.Count), ids); // what came out is the start of the list, each run once

        // Get-TaskRunPage: a page whose next cursor is the one it was asked with cannot be resumed from.
        var first = _ps.Run("Get-TaskRunPage @deck -PageSize 50").ThrowIfErrors().Pages().Single();
        _emulator.Host.ForceFaults("deck", "repeat-cursor", count: 1);
        var again = _ps.Run("Get-TaskRunPage @deck -NextPageToken $args[0]", first.NextPageToken);
        Assert.Equal("RepeatedPageCursor,TaskRuns.Commands.GetTaskRunPageCommand", Assert.Single(again.AllErrors).FullyQualifiedErrorId);
        Assert.Equal(2, Stats.FaultCount("repeat-cursor") - repeats);
    }
}
