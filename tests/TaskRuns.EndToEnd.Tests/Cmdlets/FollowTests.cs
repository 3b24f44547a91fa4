using System.Diagnostics;
using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Get-TaskRun -Follow against an emulator whose providers keep creating runs: RunWisp through the daemon's run
/// stream, Deck through its events, Anchor and BrowserAct by polling. Each run appears when it first appears and
/// again only when its Status changes; an ended run never again; faults and dropped streams lose nothing.
/// </summary>
public sealed class FollowTests : IClassFixture<FollowEmulatorFixture>, IDisposable
{
    private readonly FollowEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public FollowTests(FollowEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewConnectedSession();
    }

    public void Dispose() => _ps.Dispose();

    public static TheoryData<string> Providers => new() { "Anchor", "RunWisp", "Deck", "BrowserAct" };

    /// <summary>-TaskId for Anchor (it lists per task); every task elsewhere.</summary>
    private string? TaskFilter(string provider) => provider == "Anchor" ? _emulator.TaskOf("anchor") : null;

    private string FollowCommand(string provider, string extra = "") =>
        $"Get-TaskRun -Provider {provider}{(TaskFilter(provider) is string t ? $" -TaskId '{t}'" : "")} -Follow -PollInterval 1 {extra}";

    [Theory]
    [MemberData(nameof(Providers))]
    public void Runs_created_while_following_appear_once_per_status_and_ended_runs_are_not_repeated(string provider)
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        var result = _ps.Run(FollowCommand(provider, "-Timeout 9")).ThrowIfErrors();
        DateTimeOffset after = DateTimeOffset.UtcNow;

        AssertFollowed(provider, result, before, after);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Timeout_ends_the_follow(string provider)
    {
        // -Since 30 days ago: the follow certainly writes runs (the seeded ones of the last 30 days) before -Timeout
        // ends it. Without it, what a 2 s follow writes depends on the spawner's timing (Anchor's task gets a run only
        // every 800 ms; on a loaded CI machine the one poll after the baseline found none).
        var watch = Stopwatch.StartNew();
        var result = _ps.Run(FollowCommand(provider, "-Timeout 2 -Since $args[0]"), DateTime.UtcNow.AddDays(-30)).ThrowIfErrors();
        watch.Stop();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(result.Runs());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Ctrl_C_ends_the_follow_within_a_second(string provider)
    {
        var (shell, handle) = _ps.Begin(FollowCommand(provider, "-Verbose"));
        using (shell)
        {
            Thread.Sleep(2000);
            Assert.False(handle.IsCompleted, "Get-TaskRun -Follow ended before it was stopped");
            var watch = Stopwatch.StartNew();
            shell.Stop();
            Assert.True(handle.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "Get-TaskRun -Follow did not stop");
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Get-TaskRun -Follow took {watch.Elapsed} to stop");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_failed_poll_or_a_dropped_stream_is_retried_and_loses_nothing(string provider)
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        // -MaxRetries 0: the fault reaches the follower instead of being retried inside the request.
        var (shell, handle) = _ps.Begin(FollowCommand(provider, "-Timeout 10 -MaxRetries 0 -Verbose"));
        using (shell)
        {
            Thread.Sleep(3500);
            if (provider == "RunWisp") _emulator.Host.DropStreams();
            else _emulator.Host.ForceFaults(provider.ToLowerInvariant(), "503", 2);
            var output = shell.EndInvoke(handle);
            DateTimeOffset after = DateTimeOffset.UtcNow;
            var result = new PowerShellResult(new System.Collections.ObjectModel.Collection<PSObject>(output.ToList()), shell.Streams, null).ThrowIfErrors();

            Assert.Contains(result.Verbose, v => v.Contains(provider + ": following:") && v.Contains("Trying again"));
            AssertFollowed(provider, result, before, after);
        }
    }

    [Fact]
    public void A_burst_of_more_runs_than_one_poll_reads_is_warned_about_not_missed_silently()
    {
        // Anchor is polled 3 pages of 10 at a time. 40 runs started within one 6 s poll interval are more than a poll
        // reads: the follow must say that older ones may be missed.
        string task = _emulator.TaskOf("anchor");
        var (shell, handle) = _ps.Begin($"Get-TaskRun -Provider Anchor -TaskId '{task}' -Follow -PollInterval 6 -Timeout 13");
        using (shell)
        {
            Thread.Sleep(1500); // after the baseline poll
            using (var starter = _emulator.NewConnectedSession())
                starter.Run("foreach ($i in 1..40) { $null = Start-TaskRun -Provider Anchor -TaskId $args[0] }", task).ThrowIfErrors();
            shell.EndInvoke(handle);
            Assert.Contains(shell.Streams.Warning, w => w.Message.StartsWith("Anchor: more than 30 runs appeared or changed since the last poll", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Since_first_lists_the_existing_runs_newest_first_then_follows()
    {
        Thread.Sleep(1500); // a few runs exist from the spawner
        DateTimeOffset since = DateTimeOffset.UtcNow.AddSeconds(-20), followed = DateTimeOffset.UtcNow;
        var result = _ps.Run("Get-TaskRun -Provider BrowserAct -Follow -PollInterval 1 -Timeout 3 -Since $args[0]", since.UtcDateTime).ThrowIfErrors();
        var runs = result.Runs();
        // From 2 s after -Since: BrowserAct reports times in whole seconds, so a run at the very edge may fall outside.
        var existing = _emulator.CreatedBetween("browseract", since.AddSeconds(2), followed);
        Assert.True(existing.Count > 1, "nothing existed to list first");
        Assert.All(existing, r => Assert.Contains(runs, o => o.Id == r.Id));
        // The listing part comes first, newest first, as Get-TaskRun -All would list it.
        var created = runs.Take(existing.Count).Select(r => (DateTimeOffset)r["CreatedAt"]!).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.Equal(runs.Count, runs.Select(r => (r.Id, r.Status)).Distinct().Count());
    }

    [Fact]
    public void Follow_does_not_take_paging_parameters()
    {
        var all = _ps.Run("Get-TaskRun -Provider Deck -Follow -All -Timeout 1");
        Assert.Contains(all.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("FollowWithPaging"));
        Assert.Empty(all.Runs());
        var first = _ps.Run("Get-TaskRun -Provider Deck -Follow -First 3 -Timeout 1");
        Assert.Contains(first.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("FollowWithPaging"));
        Assert.Empty(first.Runs());
        var timeout = _ps.Run("Get-TaskRun -Provider Deck -Timeout 1");
        Assert.Contains(timeout.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("FollowParameterWithoutFollow"));
    }

    [Fact]
    public void Bad_credentials_end_the_follow_with_the_usual_terminating_error()
    {
        var watch = Stopwatch.StartNew();
        var result = _ps.Run("""
            try { Get-TaskRun -Provider Deck -BaseUri ($EmulatorUri + '/v2') -ApiKey $args[0] -Follow -ErrorAction SilentlyContinue; 'not caught' }
            catch { $_ }
            """, PowerShellSession.Secure("wrong-key-f011"));
        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("AuthenticationFailed,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("HTTP 401", error.Exception.Message);
    }

    /// <summary>
    /// Every run created well inside the follow's window appears; no (run, status) twice; nothing after a run's
    /// terminal state; at least some runs were seen ending.
    /// </summary>
    private void AssertFollowed(string provider, PowerShellResult result, DateTimeOffset before, DateTimeOffset after)
    {
        var runs = result.Runs();
        Assert.All(runs, r => Assert.Equal(provider, r.Provider));
        Assert.Equal(runs.Count, runs.Select(r => (r.Id, r.Status)).Distinct().Count());
        foreach (var group in runs.GroupBy(r => r.Id))
        {
            var states = group.ToList();
            int end = states.FindIndex(s => s.IsTerminal);
            Assert.True(end < 0 || end == states.Count - 1, $"{provider} run {group.Key} written after it ended: {string.Join(", ", states.Select(s => s.Status))}");
        }

        // Runs created from 2 s in (the follow has started) until one lifecycle and a poll before the end.
        var expected = _emulator.CreatedBetween(provider.ToLowerInvariant(), before.AddSeconds(2), after.AddSeconds(-5), TaskFilter(provider));
        Assert.NotEmpty(expected);
        var seen = runs.Select(r => r.Id).ToHashSet();
        Assert.All(expected, r => Assert.Contains(r.Id, seen));
        Assert.Contains(runs, r => r.IsTerminal && expected.Any(e => e.Id == r.Id));
    }
}
