using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>Deck's documented limit (200 requests per 10 s per organization), enforced by the emulator per API key.</summary>
public sealed class DeckRateLimitTests
{
    [Fact]
    public async Task The_201st_request_in_the_window_gets_Decks_429_and_the_next_window_is_served_again()
    {
        // The documented limit and window (200 per 10 s), the emulator's defaults. A shorter window made the test depend
        // on the machine's speed: when 200 requests took longer than the window (a loaded CI run), the first ones had left
        // it and the 201st was served.
        await using var emulator = await OwnEmulator.StartAsync(_ => { });
        Assert.Equal(200, emulator.Host.Options.DeckRateLimit);
        var window = TimeSpan.FromMilliseconds(emulator.Host.Options.DeckRateLimitWindowMs);
        Assert.Equal(TimeSpan.FromSeconds(10), window);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            using var ok = await emulator.Http.GetAsync("/v2/test");
            Assert.Equal(200, (int)ok.StatusCode);
        }

        Assert.True(clock.Elapsed < window, $"200 requests took {clock.Elapsed}, longer than the window: nothing to test");
        // A forced fault waits for a request that is served: the refused one does not use it up (the client's retry meets it).
        emulator.Host.ForceFaults("deck", "500", 1);
        using (var limited = await emulator.Http.GetAsync("/v2/task-runs"))
        {
            Assert.Equal(429, (int)limited.StatusCode);
            Assert.False(limited.Headers.Contains("Retry-After"));
            using var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
            var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal("rate_limit", error.GetProperty("type").GetString());
            Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
            Assert.Equal("Too many requests.", error.GetProperty("message").GetString());
            Assert.Equal(limited.Headers.GetValues("x-request-id").Single(), body.RootElement.GetProperty("request_id").GetString());
        }

        // Other providers are not limited.
        using (var browserAct = await emulator.Http.GetAsync("/v2/workflow/list-workflows"))
        {
            Assert.Equal(200, (int)browserAct.StatusCode);
        }

        Assert.Equal(1, emulator.Host.Stats.Deck.RateLimited);
        Assert.Empty(emulator.Host.Stats.Deck.FaultsInjected);
        // The refused request was a run-list request: counted as one, and apart from those answered.
        Assert.Equal(1, emulator.Host.Stats.Deck.ListRequests);
        Assert.Equal(1, emulator.Host.Stats.Deck.ListRequestsRateLimited);
        Assert.Equal(0, emulator.Host.Stats.Deck.ListRequestsAnswered);

        await Task.Delay(window + TimeSpan.FromMilliseconds(100)); // every earlier request has left the window
        using (var faulted = await emulator.Http.GetAsync("/v2/task-runs"))
        {
            Assert.Equal(500, (int)faulted.StatusCode);
        }

        using var recovered = await emulator.Http.GetAsync("/v2/test");
        Assert.Equal(200, (int)recovered.StatusCode);
        var stats = await emulator.Json("/_emulator/stats");
        Assert.Equal(1, stats.GetProperty("deck").GetProperty("rateLimited").GetInt64());
        Assert.Equal(2, stats.GetProperty("deck").GetProperty("listRequests").GetInt64());
        Assert.Equal(1, stats.GetProperty("deck").GetProperty("listRequestsRateLimited").GetInt64());
        Assert.Equal(1, emulator.Host.Stats.Deck.ListRequestsAnswered);
    }

    [Fact]
    public async Task A_limit_of_0_switches_it_off()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.DeckRateLimit = 0);
        for (var i = 0; i < 260; i++)
        {
            using var ok = await emulator.Http.GetAsync("/v2/test");
            Assert.Equal(200, (int)ok.StatusCode);
        }

        Assert.Equal(0, emulator.Host.Stats.Deck.RateLimited);
    }
}
