using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>BrowserAct through plain HTTP: GET /v2/workflow/list-tasks page by page.</summary>
public sealed partial class RawApi
{
    /// <summary>Every BrowserAct task for <paramref name="query"/> (e.g. "status=failed&amp;workflow_id=..."), in the API's order.</summary>
    public async Task<List<JsonElement>> BrowserActTasks(string query = "", int limit = 500)
    {
        var all = new List<JsonElement>();
        for (int page = 1; ; page++)
        {
            var body = await GetJson($"/v2/workflow/list-tasks?page={page}&limit={limit}{(query.Length > 0 ? "&" + query : "")}");
            var items = body.GetProperty("items");
            all.AddRange(items.EnumerateArray());
            if (items.GetArrayLength() == 0 || page >= body.GetProperty("total_pages").GetInt64()) break;
        }
        return all;
    }

    /// <summary>Workflows (id, name) from GET /v2/workflow/list-workflows.</summary>
    public async Task<List<(string Id, string Name)>> BrowserActWorkflows()
    {
        var all = new List<(string, string)>();
        for (int page = 1; ; page++)
        {
            var body = await GetJson($"/v2/workflow/list-workflows?page={page}&limit=100");
            var items = body.GetProperty("items");
            foreach (var w in items.EnumerateArray()) all.Add((w.GetProperty("id").GetString()!, w.GetProperty("name").GetString()!));
            if (items.GetArrayLength() == 0 || page >= body.GetProperty("total_pages").GetInt64()) break;
        }
        return all;
    }
}
