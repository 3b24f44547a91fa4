using System.Diagnostics;
using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// What every provider's listing does the same way, whatever its paging style: Ctrl+C stops it at once, -First stops
/// fetching once satisfied, and Get-TaskRunPage's token resumes exactly where the last page ended.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ProviderGenericListingTests : IDisposable
{
    private const int PageSize = 10;
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public ProviderGenericListingTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public async Task Ctrl_C_cancels_the_request_in_flight_at_once(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var stats = _emulator.Host.Stats.For(provider.Emulator);
        long slowBefore = stats.FaultCount("slow");
        _emulator.Host.ForceFaults(provider.Emulator, "slow", 1); // the provider's next request stalls for SlowMs (10 s)
        var (shell, handle) = _ps.Begin($"Get-TaskRun @{provider.Splat} -TaskId '{task}' -All");
        using (shell)
        {
            await Task.Delay(700);
            Assert.False(handle.IsCompleted, "the stalled request should still be in flight");
            var clock = Stopwatch.StartNew();
            shell.Stop();
            Assert.True(handle.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            Assert.Equal(slowBefore + 1, stats.FaultCount("slow"));
        }
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void First_stops_fetching_once_satisfied(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var expected = provider.ExpectedIds(_emulator.Host, task);
        int pages = (expected.Count + PageSize - 1) / PageSize;
        Assert.True(pages > 10, $"the seeded task needs more than ten pages for this test ({pages})");
        var stats = _emulator.Host.Stats.For(provider.Emulator);

        long before = stats.ListRequestsAnswered;
        var result = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] -First 15 -PageSize {PageSize}", task).ThrowIfErrors();
        long requests = stats.ListRequestsAnswered - before;

        Assert.Equal(expected.Take(15), result.Runs().Select(r => r.Id));
        // 15 runs at 10 a page: two pages are needed; with up to 8 pages in flight a few more may have started,
        // but paging must not run on to the last of the task's pages.
        Assert.InRange(requests, 2, 10);
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void Get_TaskRunPage_round_trips_its_token_until_exhausted(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var expected = provider.ExpectedIds(_emulator.Host, task);
        var seen = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            var page = _ps.Run($"Get-TaskRunPage @{provider.Splat} -TaskId $args[0] -PageSize 50 -NextPageToken $args[1]", task, token)
                .ThrowIfErrors().Pages().Single();
            seen.AddRange(page.Items.Select(r => r.Id));
            Assert.Equal(provider.ReportsTotal ? expected.Count : (long?)null, page.TotalCount);
            Assert.Equal(page.NextPageToken != null, page.HasMore);
            token = page.NextPageToken;
            pages++;
        } while (token != null && pages < 100);
        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + 49) / 50, pages);
    }
}
