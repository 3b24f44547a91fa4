using System.Diagnostics;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>
/// <c>--latency-ms</c> stands for a network: every provider request takes at least that long. Tests of Deck's slicing
/// rely on it (slices pay from 2 ms a page; they list across 3 ms), so an early answer would test loopback instead.
/// </summary>
public sealed class LatencyTests
{
    [Fact]
    public async Task Every_request_takes_at_least_the_latency()
    {
        const int latencyMs = 3;
        await using var emulator = await OwnEmulator.StartAsync(o => o.LatencyMs = latencyMs);
        var times = new List<double>();
        for (var i = 0; i < 150; i++)
        {
            long started = Stopwatch.GetTimestamp();
            using var response = await emulator.Http.GetAsync("/v2/test");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(200, (int)response.StatusCode);
        }

        // A timer alone ends early now and then (Task.Delay(3) was seen to end after 0.35 ms): the fastest of 150 shows it.
        Assert.True(times.Min() >= latencyMs, $"the fastest of {times.Count} requests took {times.Min():0.00} ms, under the {latencyMs} ms latency");
    }
}
