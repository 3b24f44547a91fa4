using System.Text;
using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>The emulator's RunWisp run log routes (/log, /log/raw, /log/stream), over raw HTTP with auth off.</summary>
public sealed class RunWispLogRouteTests : IAsyncLifetime
{
    private OwnEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await OwnEmulator.StartAsync(o => o.RunWispAuthDisabled = true);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private async Task<List<JsonElement>> EndedRuns(string task = "etl")
    {
        var page = await _emulator.Json($"/api/tasks/{task}/runs?limit=100");
        return page.GetProperty("runs").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "ended").ToList();
    }

    private static string LogPath(JsonElement run) => $"/api/tasks/{run.GetProperty("task_name").GetString()}/runs/{run.GetProperty("id").GetString()}/log";

    [Fact]
    public async Task Log_page_holds_every_line_in_order_and_a_negative_from_is_a_tail()
    {
        var run = (await EndedRuns()).First(r => r.GetProperty("end_reason").GetString() == "success");
        var whole = await _emulator.Json(LogPath(run) + "?from=0");
        var lines = whole.GetProperty("lines").EnumerateArray().ToList();
        var total = whole.GetProperty("total_lines").GetInt64();

        Assert.True(whole.GetProperty("finalized").GetBoolean());
        Assert.Equal(0, whole.GetProperty("first_available").GetInt64());
        Assert.False(whole.GetProperty("truncated").GetBoolean());
        Assert.True(total >= 3, $"total_lines {total}");
        Assert.Equal(Enumerable.Range(0, (int)total).Select(n => (long)n), lines.Select(l => l.GetProperty("n").GetInt64()));
        Assert.All(lines, l => Assert.Contains(l.GetProperty("stream").GetString(), new[] { "stdout", "stderr", "system" }));
        var times = lines.Select(l => l.GetProperty("ts").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Contains("exited with code 0", lines[^1].GetProperty("text").GetString());

        var tail = await _emulator.Json(LogPath(run) + "?from=-2");
        Assert.Equal(new[] { total - 2, total - 1 }, tail.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("n").GetInt64()));
        var window = await _emulator.Json(LogPath(run) + "?from=1&limit=1");
        Assert.Equal(lines[1].GetRawText(), Assert.Single(window.GetProperty("lines").EnumerateArray()).GetRawText());
        var beyond = await _emulator.Json(LogPath(run) + $"?from={total + 5}");
        Assert.Equal(JsonValueKind.Null, beyond.GetProperty("lines").ValueKind);
    }

    [Fact]
    public async Task Logs_are_the_same_in_every_emulator_with_the_same_seed()
    {
        var run = (await EndedRuns())[3];
        await using var twin = await OwnEmulator.StartAsync(o => o.RunWispAuthDisabled = true);
        var mine = await _emulator.Http.GetByteArrayAsync(LogPath(run) + "/raw");
        var theirs = await twin.Http.GetByteArrayAsync(LogPath(run) + "/raw");
        Assert.Equal(mine, theirs);
    }

    [Fact]
    public async Task Raw_logs_keep_ansi_escapes_long_lines_and_bytes_that_are_not_utf8()
    {
        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        bool sawAnsi = false, sawLongLine = false, sawInvalid = false;
        foreach (var run in (await EndedRuns()).Concat(await EndedRuns("nightly-backup")))
        {
            var raw = await _emulator.Http.GetByteArrayAsync(LogPath(run) + "/raw");
            var page = await _emulator.Json(LogPath(run) + "?from=0");
            Assert.Equal(page.GetProperty("total_lines").GetInt64(), raw.Count(b => b == (byte)'\n'));
            sawAnsi |= raw.Contains((byte)0x1B);
            sawLongLine |= page.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("text").GetString()!.Length >= 20_000);
            try
            {
                strictUtf8.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                sawInvalid = true;
                // The JSON routes carry the same line with U+FFFD where the bytes were not UTF-8.
                Assert.Contains(page.GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains('\uFFFD'));
            }
        }

        Assert.True(sawAnsi && sawLongLine && sawInvalid, $"ansi {sawAnsi}, long line {sawLongLine}, invalid UTF-8 {sawInvalid}");
    }

    [Fact]
    public async Task Stream_of_an_ended_run_replays_the_tail_then_says_done()
    {
        var run = (await EndedRuns())[0];
        var total = (await _emulator.Json(LogPath(run) + "?from=0")).GetProperty("total_lines").GetInt64();
        using var stream = await SseReader.OpenAsync(_emulator.Http, LogPath(run) + "/stream?from=-2");
        var events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "line", "line", "done" }, events.Select(e => e.Name));
        Assert.Equal(new[] { (total - 2).ToString(), (total - 1).ToString() }, events.Take(2).Select(e => e.Id));
        using var done = JsonDocument.Parse(events[^1].Data);
        Assert.Equal(total - 1, done.RootElement.GetProperty("final_line").GetInt64());
        Assert.Equal("ended", done.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stream_resumes_after_Last_Event_ID()
    {
        var run = (await EndedRuns())[1];
        using var stream = await SseReader.OpenAsync(_emulator.Http, LogPath(run) + "/stream?from=0", lastEventId: "1");
        var events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("2", events[0].Id);
    }

    [Fact]
    public async Task Stream_of_a_triggered_run_follows_lines_as_they_are_written_until_the_run_ends()
    {
        var run = await _emulator.PostJson("/api/tasks/etl/run", "{\"params\":{\"duration_ms\":\"1500\"}}");
        var path = LogPath(run);
        var atStart = await _emulator.Json(path);
        Assert.Equal(0, atStart.GetProperty("total_lines").GetInt64());
        Assert.False(atStart.GetProperty("finalized").GetBoolean());

        using var stream = await SseReader.OpenAsync(_emulator.Http, path + "/stream?from=0");
        var events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(20));
        var lines = events.Where(e => e.Name == "line").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();

        Assert.Equal("done", events[^1].Name);
        Assert.True(lines.Count >= 5, $"{lines.Count} lines");
        Assert.Equal(Enumerable.Range(0, lines.Count).Select(n => (long)n), lines.Select(l => l.GetProperty("n").GetInt64()));
        var ended = await _emulator.Json($"/api/tasks/etl/runs/{run.GetProperty("id").GetString()}");
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.Equal(lines.Count, (await _emulator.Json(path + "?from=0")).GetProperty("total_lines").GetInt64());
        // Lines were written over the run's life, not all at its end.
        Assert.True(lines[^1].GetProperty("ts").GetInt64() - lines[0].GetProperty("ts").GetInt64() >= 500);
    }

    [Fact]
    public async Task A_huge_log_is_served_whole_as_raw_and_the_stream_caps_its_replay()
    {
        var run = (await EndedRuns())[2];
        _emulator.Host.MakeRunWispLogHuge(run.GetProperty("id").GetString()!, 5_000_000);

        var page = await _emulator.Json(LogPath(run) + "?limit=3");
        Assert.Equal(50_000, page.GetProperty("total_lines").GetInt64());
        Assert.Equal(new long[] { 49_000, 49_001, 49_002 }, page.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("n").GetInt64()));

        using (var response = await _emulator.Http.GetAsync(LogPath(run) + "/raw", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            Assert.Equal(5_000_000, length);
        }

        using var stream = await SseReader.OpenAsync(_emulator.Http, LogPath(run) + "/stream?from=0&replay_limit=10");
        var events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("dropped", events[0].Name);
        using var dropped = JsonDocument.Parse(events[0].Data);
        Assert.Equal(-1, dropped.RootElement.GetProperty("after").GetInt64());
        Assert.Equal(49_990, dropped.RootElement.GetProperty("count").GetInt64());
        Assert.Equal("49990", events[1].Id);
        Assert.Equal(12, events.Count);
        Assert.Equal("done", events[^1].Name);
    }

    [Fact]
    public async Task Bad_windows_are_422_and_faults_apply_to_the_log_routes()
    {
        var run = (await EndedRuns())[0];
        using (var response = await _emulator.Http.GetAsync(LogPath(run) + "?limit=0"))
        {
            Assert.Equal(422, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, LogPath(run) + "/raw");
        request.Headers.Add("X-Emulator-Fault", "503");
        using var faulted = await _emulator.Http.SendAsync(request);
        Assert.Equal(503, (int)faulted.StatusCode);
        using var unknown = await _emulator.Http.GetAsync("/api/tasks/etl/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV/log");
        Assert.Equal(404, (int)unknown.StatusCode);
    }
}
