using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>RunWisp's run stream (every status change, dropped connections) and runs that appear by themselves.</summary>
public sealed class RunStreamAndSpawnTests
{
    private static string RunIdOf(SseEvent e) => JsonDocument.Parse(e.Data).RootElement.GetProperty("run").GetProperty("id").GetString()!;

    /// <summary>The stream's next event about run <paramref name="id"/>: pings and other runs' events (an earlier run
    /// moving on through its lifecycle) are skipped.</summary>
    private static async Task<SseEvent?> NextForRunAsync(SseReader stream, string id, CancellationToken ct)
    {
        while (await stream.NextAsync(ct) is { } e)
        {
            if (e.Name != "ping" && RunIdOf(e) == id) return e;
        }

        return null;
    }

    [Fact]
    public async Task The_run_stream_reports_each_status_change_of_a_triggered_run()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.RunWispAuthDisabled = true);
        using var stream = await SseReader.OpenAsync(emulator.Http, "/api/runs/stream");
        Assert.Equal(200, stream.Status);
        var run = await emulator.PostJson("/api/tasks/always-fails/run", "{}");
        var id = run.GetProperty("id").GetString();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<(string Name, string Status)>();
        while (seen.Count < 3 && await stream.NextAsync(cts.Token) is { } e)
        {
            if (e.Name != "ping" && RunIdOf(e) == id)
            {
                seen.Add((e.Name, JsonDocument.Parse(e.Data).RootElement.GetProperty("run").GetProperty("status").GetString()!));
            }
        }

        Assert.Equal(new[] { ("run.created", "pending"), ("run.started", "running"), ("run.failed", "ended") }, seen);
    }

    [Fact]
    public async Task Dropping_streams_aborts_open_connections_and_a_reconnect_gets_later_events()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.RunWispAuthDisabled = true);
        using (var stream = await SseReader.OpenAsync(emulator.Http, "/api/runs/stream"))
        {
            var before = await emulator.PostJson("/api/tasks/etl/run", "{}");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal("run.created", (await NextForRunAsync(stream, before.GetProperty("id").GetString()!, cts.Token))!.Name);

            using var control = emulator.Anonymous();
            using var drop = await control.PostAsync("/_emulator/drop-streams", null);
            Assert.Equal(204, (int)drop.StatusCode);
            // The connection is aborted: the read fails (or, at worst, ends) instead of waiting for the next event.
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                while (await stream.NextAsync(cts.Token) is { } next)
                {
                    Assert.NotEqual("ping", next.Name);
                }

                throw new EndOfStreamException();
            });
            Assert.False(cts.IsCancellationRequested, "the dropped stream was still open");
        }

        Assert.Equal(1, emulator.Host.StreamsDropped);
        using var again = await SseReader.OpenAsync(emulator.Http, "/api/runs/stream");
        var run = await emulator.PostJson("/api/tasks/etl/run", "{}");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // The first run may start meanwhile, and its run.started can come first on the new stream; what must not
        // come is anything from before the reconnect (the first run's run.created, replayed).
        var id = run.GetProperty("id").GetString()!;
        var earlier = new List<string>();
        SseEvent? first;
        while ((first = await again.NextAsync(wait.Token)) is { } e && (e.Name == "ping" || RunIdOf(e) != id))
        {
            if (e.Name != "ping") earlier.Add(e.Name);
        }

        Assert.NotNull(first);
        Assert.Equal("run.created", first.Name);
        Assert.DoesNotContain("run.created", earlier);
    }

    [Fact]
    public async Task A_dropped_log_stream_is_aborted_too()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.RunWispAuthDisabled = true);
        var run = await emulator.PostJson("/api/tasks/etl/run", "{\"params\":{\"duration_ms\":\"20000\"}}");
        using var stream = await SseReader.OpenAsync(emulator.Http, $"/api/tasks/etl/runs/{run.GetProperty("id").GetString()}/log/stream?from=0");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("line", (await stream.NextAsync(cts.Token))!.Name);
        emulator.Host.DropStreams();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await stream.NextAsync(cts.Token) is not null)
            {
            }

            throw new EndOfStreamException();
        });
        Assert.False(cts.IsCancellationRequested, "the dropped stream was still open");
    }

    [Fact]
    public async Task With_a_spawn_interval_every_provider_gets_new_runs_in_turn_that_run_to_their_end()
    {
        await using var emulator = await OwnEmulator.StartAsync(o =>
        {
            o.SpawnIntervalMs = 150;
            o.RunDurationMs = 300;
        });
        var store = emulator.Host.Store;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool Enough(string provider) => store.Runs(provider).Count(r => r.Triggered) >= 4;
        while (!store.Providers.All(Enough))
        {
            Assert.True(DateTime.UtcNow < deadline, "runs did not appear");
            await Task.Delay(100);
        }

        await Task.Delay(800);
        foreach (var provider in store.Providers)
        {
            var spawned = store.Runs(provider).Where(r => r.Triggered).ToList();
            Assert.True(spawned.Select(r => r.TaskId).Distinct().Count() >= 2, $"{provider}: spawned runs all in one task");
            Assert.True(emulator.Host.Stats.For(provider).RunsSpawned >= 4, provider);
            Assert.Equal(0, emulator.Host.Stats.For(provider).RunsCreated);
            // The oldest spawned runs have gone through their lifecycle.
            var oldest = spawned[^1];
            Assert.Contains(oldest.Status, new[] { "success", "ended", "completed", "finished" });
        }
    }

    [Fact]
    public async Task Without_a_spawn_interval_no_runs_appear()
    {
        await using var emulator = await OwnEmulator.StartAsync();
        await Task.Delay(500);
        Assert.All(emulator.Host.Store.Providers, p => Assert.DoesNotContain(emulator.Host.Store.Runs(p), r => r.Triggered));
    }
}
