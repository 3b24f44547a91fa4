using System.Globalization;
using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>Deck's <c>GET /v2/events</c>: task_run.* events of triggered runs, newest first, cursor paging, filters.</summary>
public sealed class DeckEventsTests
{
    private static async Task<List<JsonElement>> AllEvents(OwnEmulator emulator, string query = "", int limit = 2)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await emulator.Json($"/v2/events?limit={limit}{query}" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.True(page.GetProperty("data").GetArrayLength() <= limit);
            all.AddRange(page.GetProperty("data").EnumerateArray());
            Assert.False(string.IsNullOrEmpty(page.GetProperty("request_id").GetString()));
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    private static DateTimeOffset Created(JsonElement e) => DateTimeOffset.Parse(e.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_status_a_triggered_run_passes_is_one_event_listed_newest_first_and_paged_by_cursor()
    {
        await using var emulator = await OwnEmulator.StartAsync();
        Assert.Empty((await emulator.Json("/v2/events")).GetProperty("data").EnumerateArray()); // seeded runs have no events
        var taskId = (await emulator.Json("/v2/tasks")).GetProperty("data")[0].GetProperty("id").GetString();
        var ok = await emulator.PostJson($"/v2/tasks/{taskId}/run", "{}");
        var failing = await emulator.PostJson($"/v2/tasks/{taskId}/run", "{\"input\":{\"outcome\":\"failure\"}}");
        var canceled = await emulator.PostJson($"/v2/tasks/{taskId}/run", "{\"input\":{\"duration_ms\":5000}}");
        await emulator.PostJson($"/v2/task-runs/{canceled.GetProperty("id").GetString()}/cancel", "{}");
        await WaitUntil(async () => (await emulator.Json($"/v2/task-runs/{ok.GetProperty("id").GetString()}")).GetProperty("status").GetString() == "completed"
            && (await emulator.Json($"/v2/task-runs/{failing.GetProperty("id").GetString()}")).GetProperty("status").GetString() == "failed"
            && (await emulator.Json($"/v2/task-runs/{canceled.GetProperty("id").GetString()}")).GetProperty("status").GetString() == "canceled");

        var events = await AllEvents(emulator);
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.StartsWith("evt_", e.GetProperty("id").GetString());
            Assert.Equal("event", e.GetProperty("object").GetString());
            Assert.Equal("task_run." + e.GetProperty("data").GetProperty("status").GetString(), e.GetProperty("type").GetString());
        });
        var times = events.Select(Created).ToList();
        Assert.Equal(times.OrderDescending(), times);

        List<string> TypesOf(JsonElement run) => events.Where(e => e.GetProperty("data").GetProperty("id").GetString() == run.GetProperty("id").GetString())
            .Reverse().Select(e => e.GetProperty("type").GetString()!).ToList();
        Assert.Equal(new[] { "task_run.queued", "task_run.running", "task_run.completed" }, TypesOf(ok));
        Assert.Equal(new[] { "task_run.queued", "task_run.running", "task_run.failed" }, TypesOf(failing));
        Assert.Equal("task_run.canceled", TypesOf(canceled)[^1]);
        Assert.Contains("task_run.canceling", TypesOf(canceled));
        var failedEvent = events.First(e => e.GetProperty("type").GetString() == "task_run.failed");
        Assert.Equal(JsonValueKind.Array, failedEvent.GetProperty("data").GetProperty("errors").ValueKind);

        var one = await emulator.Json($"/v2/events/{failedEvent.GetProperty("id").GetString()}");
        Assert.Equal(failedEvent.GetProperty("data").GetRawText(), one.GetProperty("data").GetRawText());
        Assert.False(string.IsNullOrEmpty(one.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task Type_and_created_after_filter_events_and_a_garbled_cursor_is_400()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.RunDurationMs = 300);
        var taskId = (await emulator.Json("/v2/tasks")).GetProperty("data")[0].GetProperty("id").GetString();
        await emulator.PostJson($"/v2/tasks/{taskId}/run", "{}");
        await WaitUntil(async () => (await AllEvents(emulator, "&type=task_run.completed")).Count == 1);
        var firstDone = (await AllEvents(emulator, "&type=task_run.completed"))[0];
        await Task.Delay(20);
        await emulator.PostJson($"/v2/tasks/{taskId}/run", "{}");
        await emulator.PostJson($"/v2/tasks/{taskId}/run", "{\"input\":{\"outcome\":\"failure\"}}");
        await WaitUntil(async () => (await AllEvents(emulator, "&type=task_run.completed&type=task_run.failed")).Count == 3);

        var terminal = await AllEvents(emulator, "&type=task_run.completed,task_run.failed");
        Assert.Equal(3, terminal.Count);
        var after = Uri.EscapeDataString(firstDone.GetProperty("created_at").GetString()!);
        var later = await AllEvents(emulator, "&created_after=" + after, limit: 100);
        Assert.All(later, e => Assert.True(Created(e) > Created(firstDone)));
        Assert.Equal(6, later.Count); // queued, running and an end for each of the two later runs

        using var garbled = await emulator.Http.GetAsync("/v2/events?cursor=not-a-cursor");
        Assert.Equal(400, (int)garbled.StatusCode);
        using var missing = await emulator.Http.GetAsync("/v2/events/evt_doesnotexist");
        Assert.Equal(404, (int)missing.StatusCode);
    }
}
