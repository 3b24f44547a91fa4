using System.Net.Http.Headers;
using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The oracle: pages a provider's API with a plain HttpClient and JsonDocument, independent of the module's code,
/// so "what the raw API returns" can be compared with what the cmdlets emit.
/// </summary>
public sealed partial class RawApi : IDisposable
{
    private readonly HttpClient _http;

    public RawApi(Uri emulator, string apiKey = EmulatorFixture.ApiKey)
    {
        _http = new HttpClient { BaseAddress = emulator };
        _http.DefaultRequestHeaders.Add("anchor-api-key", apiKey);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public HttpClient Http => _http;

    public async Task<JsonElement> GetJson(string pathAndQuery)
    {
        // The emulator enforces Deck's 200 requests / 10 s per key, shared with the module under test: the oracle waits
        // out a 429 (Deck sends no Retry-After) instead of failing the test.
        var patience = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage response = await _http.GetAsync(pathAndQuery);
        while ((int)response.StatusCode == 429 && patience.Elapsed < TimeSpan.FromSeconds(15))
        {
            response.Dispose();
            await Task.Delay(250);
            response = await _http.GetAsync(pathAndQuery);
        }
        using var _ = response;
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<List<string>> AnchorTaskIds()
    {
        var root = await GetJson("/v1/task?page=1&limit=100");
        return root.GetProperty("data").GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>Every Anchor execution of a task, page by page, as (id, status).</summary>
    public async Task<List<(string Id, string Status)>> AnchorExecutions(string taskId, string? status = null)
    {
        var all = new List<(string, string)>();
        for (int page = 1; ; page++)
        {
            string query = $"/v1/task/{taskId}/executions?page={page}&limit=100" + (status is null ? "" : "&status=" + status);
            var data = (await GetJson(query)).GetProperty("data");
            foreach (var r in data.GetProperty("results").EnumerateArray())
                all.Add((r.GetProperty("id").GetString()!, r.GetProperty("status").GetString()!));
            if (page >= data.GetProperty("pagination").GetProperty("totalPages").GetInt32()) break;
        }
        return all;
    }

    public void Dispose() => _http.Dispose();
}
