using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TaskRuns.Benchmarks;

/// <summary>
/// The floor: a plain HttpClient + System.Text.Json loop that pages one provider endpoint strictly sequentially and
/// only counts items. What any client must at least spend; the module is compared against it.
/// </summary>
public static class FloorLister
{
    public static async Task<long> CountAsync(string provider, Uri origin, string taskId, int pageSize, long limit = long.MaxValue)
    {
        using var http = new HttpClient { BaseAddress = origin };
        http.DefaultRequestHeaders.Add("anchor-api-key", EmulatorProcess.ApiKey);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            provider == "RunWisp" ? await RunWispToken(http) : EmulatorProcess.ApiKey);
        long count = 0;
        switch (provider)
        {
            case "Anchor":
                for (int page = 1; count < limit; page++)
                {
                    using var doc = await Get(http, $"/v1/task/{taskId}/executions?page={page}&limit={pageSize}");
                    var data = doc.RootElement.GetProperty("data");
                    count += data.GetProperty("results").GetArrayLength();
                    if (page >= data.GetProperty("pagination").GetProperty("totalPages").GetInt32()) break;
                }
                break;
            case "RunWisp":
                for (long offset = 0; count < limit; offset += pageSize)
                {
                    using var doc = await Get(http, $"/api/tasks/{taskId}/runs?limit={pageSize}&offset={offset}");
                    var runs = doc.RootElement.GetProperty("runs");
                    int n = runs.ValueKind == JsonValueKind.Array ? runs.GetArrayLength() : 0;
                    count += n;
                    if (n == 0 || offset + n >= doc.RootElement.GetProperty("total").GetInt64()) break;
                }
                break;
            case "Deck":
                string? cursor = null;
                while (count < limit)
                {
                    using var doc = await Get(http, $"/v2/task-runs?limit={pageSize}&task_id={taskId}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
                    count += doc.RootElement.GetProperty("data").GetArrayLength();
                    if (!doc.RootElement.GetProperty("has_more").GetBoolean()) break;
                    cursor = doc.RootElement.GetProperty("next_cursor").GetString();
                }
                break;
            case "BrowserAct":
                for (int page = 1; count < limit; page++)
                {
                    using var doc = await Get(http, $"/v2/workflow/list-tasks?page={page}&limit={pageSize}&workflow_id={taskId}");
                    count += doc.RootElement.GetProperty("items").GetArrayLength();
                    if (page >= doc.RootElement.GetProperty("total_pages").GetInt32()) break;
                }
                break;
        }
        return Math.Min(count, limit);
    }

    private static async Task<JsonDocument> Get(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await JsonDocument.ParseAsync(stream);
    }

    private static async Task<string> RunWispToken(HttpClient http)
    {
        using var challenge = await Get(http, "/api/auth/challenge");
        string nonce = challenge.RootElement.GetProperty("nonce").GetString()!;
        string answer = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(EmulatorProcess.Password + ":" + nonce))).ToLowerInvariant();
        using var response = await http.PostAsync("/api/auth", new StringContent(JsonSerializer.Serialize(new { nonce, response = answer }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("token").GetString()!;
    }
}
