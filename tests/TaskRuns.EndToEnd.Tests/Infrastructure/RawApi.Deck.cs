using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>Deck through plain HTTP: GET /v2/task-runs followed cursor by cursor.</summary>
public sealed partial class RawApi
{
    /// <summary>Every Deck run for <paramref name="query"/> (e.g. "status=queued&amp;status=running"), in the API's order.</summary>
    public async Task<List<JsonElement>> DeckRuns(string query = "", int limit = 100)
    {
        var all = new List<JsonElement>();
        var cursors = new HashSet<string>();
        string? cursor = null;
        while (true)
        {
            string pathAndQuery = $"/v2/task-runs?limit={limit}{(query.Length > 0 ? "&" + query : "")}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}";
            var body = await GetJson(pathAndQuery);
            all.AddRange(body.GetProperty("data").EnumerateArray());
            if (!body.GetProperty("has_more").GetBoolean() || body.GetProperty("next_cursor").ValueKind != JsonValueKind.String) break;
            cursor = body.GetProperty("next_cursor").GetString()!;
            Assert.True(cursors.Add(cursor), "the oracle saw a repeated Deck cursor");
        }
        return all;
    }

    /// <summary>Deck task ids and names (GET /v2/tasks, cursor-paged).</summary>
    public async Task<List<(string Id, string Name)>> DeckTasks()
    {
        var all = new List<(string, string)>();
        string? cursor = null;
        while (true)
        {
            var body = await GetJson("/v2/tasks?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var t in body.GetProperty("data").EnumerateArray()) all.Add((t.GetProperty("id").GetString()!, t.GetProperty("name").GetString()!));
            if (!body.GetProperty("has_more").GetBoolean() || body.GetProperty("next_cursor").ValueKind != JsonValueKind.String) break;
            cursor = body.GetProperty("next_cursor").GetString();
        }
        return all;
    }
}
