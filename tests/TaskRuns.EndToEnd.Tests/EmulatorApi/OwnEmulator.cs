using System.Net.Http.Headers;
using System.Text.Json;
using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>
/// An emulator of one test's own (options of its own, nothing shared) and a plain HttpClient on it: the emulator's routes
/// are tested over raw HTTP, independent of the module.
/// </summary>
internal sealed class OwnEmulator : IAsyncDisposable
{
    public const string ApiKey = "own-key-1d4e";

    private OwnEmulator(EmulatorHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public EmulatorHost Host { get; }

    /// <summary>Sends <c>Authorization: Bearer &lt;ApiKey&gt;</c> (Deck, BrowserAct).</summary>
    public HttpClient Http { get; }

    public static async Task<OwnEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0",
            ApiKey = ApiKey,
            RunWispPassword = "own-password",
            Seed = 11,
            RunsPerTask = 40,
            TasksPerProvider = 2,
            RunWispLoginLimit = 0,
            RunDurationMs = 600,
            SeedEndTime = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero),
        };
        configure?.Invoke(options);
        return new OwnEmulator(await EmulatorHost.StartAsync(options));
    }

    public async Task<JsonElement> Json(string pathAndQuery, HttpClient? client = null)
    {
        using var response = await (client ?? Http).GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PostJson(string path, string body, HttpClient? client = null)
    {
        using var response = await (client ?? Http).PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A client without any Authorization header.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
