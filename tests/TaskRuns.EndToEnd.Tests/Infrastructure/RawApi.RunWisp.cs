using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>RunWisp through plain HTTP: its own challenge/response login (SHA-256 or PBKDF2) and offset paging.</summary>
public sealed partial class RawApi
{
    private string? _runWispToken;

    /// <summary>How many logins this oracle made (so a test can tell them from the module's).</summary>
    public int RunWispLogins { get; private set; }

    /// <summary>"seed" (POST /api/auth, SHA-256 answer) or "new" (POST /api/auth/login, PBKDF2 answer).</summary>
    public string RunWispApi { get; init; } = "seed";

    public string RunWispPassword { get; init; } = EmulatorFixture.RunWispPassword;

    private async Task<string> RunWispToken()
    {
        if (_runWispToken != null) return _runWispToken;
        using var challenge = await _http.GetAsync("/api/auth/challenge");
        string nonce = JsonDocument.Parse(await challenge.Content.ReadAsStringAsync()).RootElement.GetProperty("nonce").GetString()!;
        string answer = RunWispApi == "new"
            ? Convert.ToHexStringLower(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(RunWispPassword), Convert.FromHexString(nonce), 600_000, HashAlgorithmName.SHA256, 32))
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RunWispPassword + ":" + nonce)));
        string body = JsonSerializer.Serialize(new { nonce, response = answer });
        using var login = await _http.PostAsync(RunWispApi == "new" ? "/api/auth/login" : "/api/auth", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await login.Content.ReadAsStringAsync();
        Assert.True(login.IsSuccessStatusCode, $"RunWisp login: HTTP {(int)login.StatusCode} {text}");
        RunWispLogins++;
        return _runWispToken = JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>GET with the RunWisp bearer token; returns the status and the parsed body (null when not JSON).</summary>
    public async Task<(int Status, string MediaType, string Text)> RunWispGet(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await RunWispToken());
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET with the RunWisp bearer token; the body's bytes as sent (e.g. /log/raw, whose bytes need not be UTF-8).</summary>
    public async Task<byte[]> RunWispBytes(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await RunWispToken());
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: HTTP {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<JsonElement> RunWispJson(string pathAndQuery)
    {
        var (status, mediaType, text) = await RunWispGet(pathAndQuery);
        Assert.True(status == 200 && mediaType.Contains("json"), $"{pathAndQuery}: HTTP {status} {mediaType} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Every run of a RunWisp list (<paramref name="path"/> = /api/tasks/{name}/runs or /api/runs), offset by offset,
    /// with <paramref name="query"/> (e.g. "status=failed&amp;search=x") added to every page. runs/items may be null.
    /// </summary>
    public async Task<List<JsonElement>> RunWispRuns(string path, string query = "", int limit = 1000)
    {
        var all = new List<JsonElement>();
        for (long offset = 0; ; )
        {
            var body = await RunWispJson($"{path}?limit={limit}&offset={offset}{(query.Length > 0 ? "&" + query : "")}");
            JsonElement rows = body.TryGetProperty("runs", out var r) ? r : body.GetProperty("items");
            int count = rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : 0;
            if (count > 0) all.AddRange(rows.EnumerateArray());
            offset += count;
            if (count == 0 || offset >= body.GetProperty("total").GetInt64()) break;
        }
        return all;
    }

    /// <summary>Task names from GET /api/tasks (a bare array on 0.4.x daemons, {"items":[...]} on newer ones).</summary>
    public async Task<List<string>> RunWispTaskNames()
    {
        var body = await RunWispJson("/api/tasks");
        var rows = body.ValueKind == JsonValueKind.Array ? body : body.GetProperty("items");
        return rows.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>RunWisp's raw status as TaskRuns keeps it: the end reason once ended, else the lifecycle value.</summary>
    public static string RunWispProviderStatus(JsonElement run) =>
        run.GetProperty("status").GetString() == "ended" ? run.GetProperty("end_reason").GetString()! : run.GetProperty("status").GetString()!;
}
