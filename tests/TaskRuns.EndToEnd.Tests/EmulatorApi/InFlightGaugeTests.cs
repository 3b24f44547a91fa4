using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>
/// <c>inFlight</c> in <c>/_emulator/stats</c>: the provider requests being handled now. Tests of Ctrl+C read it to show
/// that a stopped command left no request running on the server.
/// </summary>
public sealed class InFlightGaugeTests
{
    [Fact]
    public async Task A_delayed_request_counts_while_it_runs_and_stops_counting_when_the_client_gives_up()
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.LatencyMs = 20_000);
        var stats = emulator.Host.Stats.Deck;
        using var giveUp = new CancellationTokenSource();
        var request = emulator.Http.GetAsync("/v2/task-runs", giveUp.Token);

        await Poll.UntilAsync(() => stats.InFlight == 1, TimeSpan.FromSeconds(5), "the delayed request was never counted in flight");
        var json = await emulator.Json("/_emulator/stats");
        Assert.Equal(1, json.GetProperty("deck").GetProperty("inFlight").GetInt64());
        Assert.Equal(0, json.GetProperty("anchor").GetProperty("inFlight").GetInt64());
        emulator.Host.Stats.Reset();
        Assert.Equal(1, stats.InFlight); // a gauge: reset-stats leaves it

        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Poll.UntilAsync(() => stats.InFlight == 0, TimeSpan.FromSeconds(5), "the cancelled request still counts in flight");
    }
}
