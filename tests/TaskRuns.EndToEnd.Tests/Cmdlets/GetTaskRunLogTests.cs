using System.Management.Automation;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>Get-TaskRunLog through a hosted runspace against the emulator: each provider's log, in order, safe to print.</summary>
public sealed class GetTaskRunLogTests : IClassFixture<LifecycleEmulatorFixture>, IDisposable
{
    private readonly LifecycleEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public GetTaskRunLogTests(LifecycleEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewConnectedSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose() => _ps.Dispose();

    private static IReadOnlyList<PSObject> Entries(PowerShellResult result) => result.Output.Where(o => o.BaseObject is not string).ToList();

    private static T Prop<T>(PSObject o, string name) => (T)o.Properties[name].Value;

    private EmulatedRun SeededRunWispRun(string status) => _emulator.SeededRun("runwisp", status);

    [Fact]
    public async Task RunWisp_lines_come_in_the_daemons_order_with_time_stream_and_number_as_its_log_api_has_them()
    {
        var run = SeededRunWispRun("ended");
        var oracle = await _raw.RunWispJson($"/api/tasks/{run.TaskId}/runs/{run.Id}/log?from=0&limit=10000");
        var expected = oracle.GetProperty("lines").EnumerateArray().ToList();

        var entries = Entries(_ps.Run("Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1]", run.Id, run.TaskId).ThrowIfErrors());

        Assert.Equal(expected.Count, entries.Count);
        Assert.NotEmpty(entries);
        for (int i = 0; i < entries.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("n").GetInt64(), Prop<long?>(entries[i], "LineNumber"));
            Assert.Equal(expected[i].GetProperty("stream").GetString(), Prop<string>(entries[i], "Stream"));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expected[i].GetProperty("ts").GetInt64()), Prop<DateTimeOffset?>(entries[i], "Time"));
            Assert.Equal(run.Id, Prop<string>(entries[i], "RunId"));
        }
    }

    [Fact]
    public void Tail_gives_the_last_lines_and_pipeline_input_from_Get_TaskRun_works()
    {
        var all = Entries(_ps.Run("Get-TaskRun -Provider RunWisp -Status Failure -First 1 | Get-TaskRunLog").ThrowIfErrors());
        var tail = Entries(_ps.Run("Get-TaskRun -Provider RunWisp -Status Failure -First 1 | Get-TaskRunLog -Tail 3").ThrowIfErrors());

        Assert.Equal(all.TakeLast(3).Select(e => Prop<long?>(e, "LineNumber")), tail.Select(e => Prop<long?>(e, "LineNumber")));
    }

    [Fact]
    public void Escape_sequences_and_control_characters_are_shown_as_symbols_and_Raw_keeps_them()
    {
        // Seeded logs carry ANSI colours and 20,000-character lines. About one log in five has a long line, chosen by the
        // run id, which changes with the emulator's start minute: 12 runs had none about once in 14 starts, 40 about once in 7,500.
        var runs = _emulator.Host.Store.Runs("runwisp").Where(r => !r.Triggered).Take(40).ToList();
        var messages = new List<string>();
        var raw = new List<string>();
        foreach (var run in runs)
        {
            messages.AddRange(Entries(_ps.Run("Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1]", run.Id, run.TaskId).ThrowIfErrors())
                .Select(e => Prop<string>(e, "Message")));
            raw.AddRange(_ps.Run("Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1] -Raw", run.Id, run.TaskId).ThrowIfErrors()
                .Output.Select(o => (string)o.BaseObject));
        }

        Assert.All(messages, m => Assert.DoesNotContain(m, c => c < ' ' && c != '\t'));
        Assert.Contains(messages, m => m.Contains('\u241B'));          // ESC made visible
        Assert.Contains(messages, m => m.Length >= 20_000);             // a long line, whole
        Assert.Contains(raw, l => l.Contains('\u001b'));                // -Raw: as stored
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_become_U_FFFD_in_entries_and_with_Raw()
    {
        // The emulator writes this line (Latin-1 "café", a stray 0xFF 0xFE) into about one seeded log in six. The run is
        // the first seeded ended run, in the store's (seeded, fixed) order, whose stored log has it: read as bytes.
        byte[] hostile = [.. "reading caf"u8, 0xE9, .. " export "u8, 0xFF, 0xFE, .. ".csv"u8];
        EmulatedRun? run = null;
        byte[] stored = [];
        foreach (var candidate in _emulator.Host.Store.Runs("runwisp").Where(r => !r.Triggered && r.Status == "ended"))
        {
            stored = await _raw.RunWispBytes($"/api/tasks/{candidate.TaskId}/runs/{candidate.Id}/log/raw");
            if (stored.AsSpan().IndexOf(hostile) >= 0) { run = candidate; break; }
        }
        Assert.NotNull(run);
        // What a UTF-8 reader with replacement gives for each stored line: one U+FFFD per byte that starts no valid sequence.
        var storedLines = new List<string>();
        for (int start = 0, end; (end = Array.IndexOf(stored, (byte)'\n', start)) >= 0; start = end + 1)
            storedLines.Add(System.Text.Encoding.UTF8.GetString(stored, start, end - start));
        const string Expected = "reading caf\uFFFD export \uFFFD\uFFFD.csv";
        Assert.Contains(Expected, storedLines);

        var entries = Entries(_ps.Run("Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1]", run.Id, run.TaskId).ThrowIfErrors())
            .Select(e => Prop<string>(e, "Message")).ToList();
        var raw = _ps.Run("Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1] -Raw", run.Id, run.TaskId).ThrowIfErrors()
            .Output.Select(o => (string)o.BaseObject).ToList();

        // Entries: the line whole, its bad bytes as U+FFFD (never read as Latin-1 "é"/"ÿþ", never dropped), one entry per line.
        Assert.Equal(storedLines.Count, entries.Count);
        Assert.Contains(Expected, entries);
        Assert.DoesNotContain(entries, m => m.Contains('é') || m.Contains('ÿ') || m.Contains('þ'));
        // -Raw: every stored line, unchanged but for the U+FFFD (escape sequences kept), in order.
        Assert.Equal(storedLines, raw);
    }

    [Fact]
    public void Follow_writes_the_lines_of_a_started_run_until_it_ends()
    {
        var result = _ps.Run("""
            $run = Start-TaskRun -Provider RunWisp -TaskId $args[0]
            $run | Get-TaskRunLog -Follow -Timeout 30
            Get-TaskRun -Provider RunWisp -Id $run.Id -TaskId $run.TaskId
            """, _emulator.TaskOf("runwisp")).ThrowIfErrors();

        var entries = result.Output.Where(o => o.BaseObject.GetType().Name == "TaskRunLogEntry").ToList();
        var after = RunView.From(result.Output.Last());
        Assert.NotEmpty(entries);
        Assert.Empty(result.Warnings);
        Assert.True(after.Status is "Success" or "Failure", $"the follow returned while the run was {after.Status}");
        var numbers = entries.Select(e => Prop<long?>(e, "LineNumber")!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(n => (long)n), numbers); // every line once, in order
    }

    [Fact]
    public void A_huge_log_is_read_page_by_page()
    {
        var run = _emulator.Host.Store.Runs("runwisp").Last(r => !r.Triggered && r.Status == "ended");
        _emulator.Host.MakeRunWispLogHuge(run.Id, 4_000_000);
        _emulator.Host.Stats.Reset();

        var count = _ps.Run("$n = 0; Get-TaskRunLog -Provider RunWisp -Id $args[0] -TaskId $args[1] | ForEach-Object { $n++ }; $n", run.Id, run.TaskId).ThrowIfErrors();

        long lines = Convert.ToInt64(count.Output.Single().BaseObject);
        Assert.True(lines > 2000, $"only {lines} lines");
        var pages = _emulator.Host.Stats.For("runwisp").RecentRequests.Count(r => r.Path.EndsWith("/log", StringComparison.Ordinal));
        Assert.True(pages >= lines / 500, $"{pages} log requests for {lines} lines");
    }

    [Fact]
    public void BrowserAct_steps_come_in_order_and_a_failed_task_ends_with_its_failure()
    {
        var entries = Entries(_ps.Run("Get-TaskRun -Provider BrowserAct -Status Failure -First 1 | Get-TaskRunLog").ThrowIfErrors());

        Assert.True(entries.Count >= 2);
        var steps = entries.SkipLast(1).Select(e => Prop<long?>(e, "LineNumber")!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(n => (long)n), steps);
        Assert.Equal("failed", Prop<string>(entries[^2], "Stream"));
        Assert.Equal("failure", Prop<string>(entries[^1], "Stream"));
        Assert.False(string.IsNullOrEmpty(Prop<string>(entries[^1], "Message")));
    }

    [Fact]
    public void Deck_entries_are_the_runs_errors()
    {
        var result = _ps.Run("""
            $run = Get-TaskRun -Provider Deck -Status Failure -First 1
            $run.Errors.Count
            $run | Get-TaskRunLog
            """).ThrowIfErrors();

        int errors = Convert.ToInt32(result.Output[0].BaseObject);
        var entries = result.Output.Skip(1).ToList();
        Assert.True(errors > 0);
        Assert.Equal(errors, entries.Count);
        Assert.All(entries, e => Assert.Equal("error", Prop<string>(e, "Stream")));
    }

    [Fact]
    public void Anchor_has_no_log_and_the_error_points_at_ErrorMessage_and_Output()
    {
        var result = _ps.Run("Get-TaskRun -Provider Anchor -TaskId $args[0] -First 1 | Get-TaskRunLog", _emulator.TaskOf("anchor"));

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("LogNotSupported,TaskRuns.Commands.GetTaskRunLogCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("ErrorMessage", error.Exception.Message);
        Assert.Contains("Output", error.Exception.Message);
    }
}
