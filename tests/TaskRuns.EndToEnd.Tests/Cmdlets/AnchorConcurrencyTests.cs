using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Anchor allows at most 8 requests in flight at once per API key. Listing without -TaskId pages every task at once, each
/// with its parallel pages, and runspaces may list side by side: whatever the number of tasks, -ThrottleLimit or
/// runspaces, the emulator (which enforces the limit with 429s and measures the peak) never sees more than 8 at once,
/// and the listing is exactly every task's executions, newest first.
/// </summary>
public sealed class AnchorConcurrencyTests : IClassFixture<AnchorConcurrencyFixture>, IDisposable
{
    private readonly AnchorConcurrencyFixture _emulator;
    private readonly PowerShellSession _ps;

    public AnchorConcurrencyTests(AnchorConcurrencyFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    /// <summary>Every task's executions as the emulator stores them (each task newest first).</summary>
    private Dictionary<string, List<string>> PerTask() =>
        _emulator.Host.Store.TaskIds("anchor").ToDictionary(t => t, t => _emulator.Host.Store.Runs("anchor", t).Select(r => r.Id).ToList());

    private void AssertExactlyEveryTasksRunsNewestFirst(List<RunView> listed)
    {
        var perTask = PerTask();
        Assert.Equal(AnchorConcurrencyFixture.Tasks, perTask.Count);
        Assert.Equal(perTask.Values.SelectMany(ids => ids).Order(), listed.Select(r => r.Id).Order()); // each run once, none missing
        foreach (var (task, ids) in perTask)
            Assert.Equal(ids, listed.Where(r => r.TaskId == task).Select(r => r.Id)); // each task in its own order
        for (int i = 1; i < listed.Count; i++)
            Assert.True((DateTimeOffset)listed[i - 1]["CreatedAt"]! >= (DateTimeOffset)listed[i]["CreatedAt"]!, $"run {i} ({listed[i].Id}) is newer than the one before it");
    }

    [Fact]
    public void Every_task_at_once_keeps_Anchor_within_8_requests_in_flight_and_lists_exactly_every_run()
    {
        var stats = _emulator.Host.Stats.Anchor;
        _emulator.Host.Stats.Reset();

        var result = _ps.Run("Get-TaskRun @anchor -All -PageSize 10 -Verbose").ThrowIfErrors();

        AssertExactlyEveryTasksRunsNewestFirst(result.Runs());
        Assert.True(stats.PeakInFlight <= AnchorConcurrencyFixture.Limit, $"{stats.PeakInFlight} Anchor requests in flight at once");
        Assert.Equal(0, stats.RateLimited); // the emulator never had to refuse one
        Assert.True(stats.PeakInFlight >= 4, $"peak {stats.PeakInFlight}: tasks should be paged concurrently");
        Assert.Contains(result.Verbose, v => v.Contains("waited") && v.Contains("free request slot"));
    }

    [Fact]
    public void Runspaces_side_by_side_share_the_8_requests_in_flight()
    {
        var stats = _emulator.Host.Stats.Anchor;
        _emulator.Host.Stats.Reset();

        var result = _ps.Run("""
            $manifest = $args[0]
            1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:manifest
                $anchor = $using:anchor
                $runs = @(Get-TaskRun @anchor -All -PageSize 10 -ThrottleLimit 8)
                [pscustomobject]@{ Runs = $runs.Count; Errors = @($Error).Count }
            }
            """, ModulePaths.Manifest).ThrowIfErrors();

        int expected = PerTask().Values.Sum(ids => ids.Count);
        Assert.Equal(3, result.Output.Count);
        foreach (var runspace in result.Output)
        {
            Assert.Equal(expected, Convert.ToInt32(runspace.Properties["Runs"].Value));
            Assert.Equal(0, Convert.ToInt32(runspace.Properties["Errors"].Value));
        }
        Assert.True(stats.PeakInFlight <= AnchorConcurrencyFixture.Limit, $"{stats.PeakInFlight} Anchor requests in flight at once");
        Assert.Equal(0, stats.RateLimited);
    }
}
