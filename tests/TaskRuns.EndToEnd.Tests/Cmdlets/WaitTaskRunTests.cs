using System.Diagnostics;
using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>Wait-TaskRun through a hosted runspace against the emulator: runs started with Start-TaskRun, waited on to the end.</summary>
public sealed class WaitTaskRunTests : IClassFixture<LifecycleEmulatorFixture>, IClassFixture<QuietStreamEmulatorFixture>, IDisposable
{
    private static readonly TimeSpan LateRunDuration = TimeSpan.FromSeconds(4);
    private readonly LifecycleEmulatorFixture _emulator;
    private readonly QuietStreamEmulatorFixture _quiet;
    private readonly PowerShellSession _ps;

    public WaitTaskRunTests(LifecycleEmulatorFixture emulator, QuietStreamEmulatorFixture quiet)
    {
        _emulator = emulator;
        _quiet = quiet;
        _ps = emulator.NewConnectedSession();
    }

    public void Dispose() => _ps.Dispose();

    private string Task(string provider) => _emulator.TaskOf(provider);

    private static RunView RunOf(PSObject timed) => RunView.From(PSObject.AsPSObject(timed.Properties["Run"].Value));

    private static DateTimeOffset AtOf(PSObject timed) => (DateTimeOffset)timed.Properties["At"].Value;

    [Fact]
    public void Runs_of_every_provider_are_followed_to_success_and_each_is_output_as_soon_as_it_ends()
    {
        // Two runs start, then two more of 4 s a second later: the first two end while the last two still run, so they
        // must come out of the one Wait-TaskRun call before the last two have even finished. (With the fixture's 1.2 s
        // for the late runs too, a busy machine once started waiting only after they could have ended.)
        var result = _ps.Run("""
            $early = @(
                Start-TaskRun -Provider Anchor -TaskId $args[0]
                Start-TaskRun -Provider BrowserAct -TaskId $args[3]
            )
            [System.Threading.Thread]::Sleep(1000)
            $lateStart = [DateTimeOffset]::UtcNow
            $late = @(
                Start-TaskRun -Provider RunWisp -TaskId $args[1] -Input @{ duration_ms = 4000 }
                Start-TaskRun -Provider Deck -TaskId $args[2] -Input @{ duration_ms = 4000 }
            )
            $lateStart
            $early + $late | Wait-TaskRun -PollInterval 0.2 | ForEach-Object { [pscustomobject]@{ Run = $_; At = [DateTimeOffset]::UtcNow } }
            """, Task("anchor"), Task("runwisp"), Task("deck"), Task("browseract")).ThrowIfErrors();

        var lateStart = (DateTimeOffset)result.Output[0].BaseObject;
        var outputs = result.Output.Skip(1).ToList();
        Assert.Equal(4, outputs.Count);
        var runs = outputs.Select(RunOf).ToList();
        Assert.All(runs, r => Assert.Equal("Success", r.Status));
        Assert.All(runs, r => Assert.True(r.IsTerminal));
        Assert.Equal(
            new[] { "Anchor:success", "BrowserAct:finished", "Deck:completed", "RunWisp:success" },
            runs.Select(r => r.Provider + ":" + r.ProviderStatus).OrderBy(s => s));

        // The two early runs come first, each written before the late runs could have ended (they run LateRunDuration).
        Assert.Equal(new[] { "Anchor", "BrowserAct" }, runs.Take(2).Select(r => r.Provider).OrderBy(p => p));
        DateTimeOffset lateEnd = lateStart + LateRunDuration;
        Assert.All(outputs.Take(2), o => Assert.True(AtOf(o) < lateEnd, $"{RunOf(o).Provider} run was output at {AtOf(o):O}, after the late runs ended ({lateEnd:O})"));
        // ...and the late ones soon after they ended (poll interval 0.2 s; generous for a loaded machine).
        Assert.All(outputs.Skip(2), o => Assert.InRange(AtOf(o), lateEnd, lateEnd + TimeSpan.FromSeconds(4)));

        // The emulator agrees on every final state.
        Assert.All(runs, r => Assert.Equal(r.ProviderStatus, Oracle(r)));
    }

    /// <summary>The raw status the emulator holds (RunWisp: the end reason of an ended run).</summary>
    private string Oracle(RunView run)
    {
        var stored = _emulator.StoredRun(run.Provider.ToLowerInvariant(), run.Id);
        return run.Provider == "RunWisp" && stored.Status == "ended" ? stored.Outcome! : stored.Status;
    }

    [Fact]
    public void Each_providers_failure_convention_ends_in_Failure()
    {
        var watch = Stopwatch.StartNew();
        var result = _ps.Run("""
            @(
                Start-TaskRun -Provider Anchor -TaskId $args[0] -Input @{ ANCHOR_OUTCOME = 'failure' }
                Start-TaskRun -Provider RunWisp -TaskId always-fails
                Start-TaskRun -Provider Deck -TaskId $args[1] -Input @{ outcome = 'failure' }
                Start-TaskRun -Provider BrowserAct -TaskId $args[2] -Input @{ outcome = 'failure' }
            ) | Wait-TaskRun -PollInterval 0.2 -Verbose
            """, Task("anchor"), Task("deck"), Task("browseract")).ThrowIfErrors();
        watch.Stop();
        var runs = result.Runs();
        Assert.Equal(4, runs.Count);
        // RunWisp's end arrives by the event stream while the others are polled; none waits for a 30 s safety poll.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(12), $"took {watch.Elapsed}; verbose: {string.Join(" | ", result.Verbose)}");
        Assert.All(runs, r => Assert.Equal("Failure", r.Status));
        Assert.Equal(
            new[] { "Anchor:failure", "BrowserAct:failed", "Deck:failed", "RunWisp:failed" },
            runs.Select(r => r.Provider + ":" + r.ProviderStatus).OrderBy(s => s));
        Assert.All(runs, r => Assert.False(string.IsNullOrEmpty(r["ErrorMessage"]?.ToString()), $"{r.Provider} failure has no ErrorMessage"));
        Assert.All(runs, r => Assert.Equal(r.ProviderStatus, Oracle(r)));
    }

    [Fact]
    public void ErrorOnFailure_turns_a_failed_run_into_a_TaskRunFailed_error_and_still_outputs_the_successful_one()
    {
        var result = _ps.Run("""
            @(
                Start-TaskRun -Provider Deck -TaskId $args[0] -Input @{ outcome = 'failure' }
                Start-TaskRun -Provider Deck -TaskId $args[0]
            ) | Wait-TaskRun -PollInterval 0.2 -ErrorOnFailure
            """, Task("deck"));
        Assert.Null(result.Terminating);
        var ok = Assert.Single(result.Runs());
        Assert.Equal("Success", ok.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal("TaskRunFailed,TaskRuns.Commands.WaitTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        var failed = RunView.From(PSObject.AsPSObject(error.TargetObject));
        Assert.Equal("Failure", failed.Status);
        Assert.NotEqual(ok.Id, failed.Id);
        Assert.Contains(failed.Id, error.Exception.Message);
    }

    [Fact]
    public void Any_returns_as_soon_as_the_first_run_ends_while_the_others_still_run()
    {
        var longRunning = _emulator.SeededRun("deck", "running");
        var watch = Stopwatch.StartNew();
        var result = _ps.Run("""
            $started = Start-TaskRun -Provider RunWisp -TaskId $args[0]
            $other = Get-TaskRun -Provider Deck -Id $args[1]
            $started, $other | Wait-TaskRun -Any -PollInterval 0.2 -Timeout 00:01:00
            """, Task("runwisp"), longRunning.Id).ThrowIfErrors();
        watch.Stop();
        var first = Assert.Single(result.Runs());
        Assert.Equal("RunWisp", first.Provider);
        Assert.Equal("Success", first.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"Wait-TaskRun -Any took {watch.Elapsed}");
        Assert.Equal("running", _emulator.StoredRun("deck", longRunning.Id).Status);
    }

    [Theory]
    [InlineData("-TimeoutSec 2")]
    [InlineData("-Timeout 00:00:02")]
    public void Timeout_is_a_WaitTaskRunTimeout_error_per_unfinished_run_carrying_its_last_state(string timeout)
    {
        var deck = _emulator.SeededRun("deck", "running");
        var runwisp = _emulator.SeededRun("runwisp", "running");
        var watch = Stopwatch.StartNew();
        var result = _ps.Run($$"""
            $finishing = Start-TaskRun -Provider BrowserAct -TaskId $args[0]
            @(
                $finishing
                Get-TaskRun -Provider Deck -Id $args[1]
                Get-TaskRun -Provider RunWisp -TaskId $args[3] -Id $args[2]
            ) | Wait-TaskRun {{timeout}} -PollInterval 0.25
            """, Task("browseract"), deck.Id, runwisp.Id, runwisp.TaskId);
        watch.Stop();
        Assert.Null(result.Terminating);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));

        // The run that ended within the timeout is output; the other two are one error each.
        var done = Assert.Single(result.Runs());
        Assert.Equal("BrowserAct", done.Provider);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("WaitTaskRunTimeout,TaskRuns.Commands.WaitTaskRunCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
        });
        var targets = result.Errors.Select(e => RunView.From(PSObject.AsPSObject(e.TargetObject))).OrderBy(r => r.Provider).ToList();
        Assert.Equal(new[] { ("Deck", deck.Id), ("RunWisp", runwisp.Id) }, targets.Select(t => (t.Provider, t.Id)));
        Assert.All(targets, t => Assert.Equal("Running", t.Status));
        Assert.All(targets, t => Assert.Equal("running", t.ProviderStatus));
    }

    [Fact]
    public void Runs_waiting_for_a_person_are_warned_about_and_count_as_finished_only_with_IncludeWaitingForInput()
    {
        var result = _ps.Run("""
            $global:waiting = @(
                Start-TaskRun -Provider Deck -TaskId $args[0] -Input @{ needs_interaction = $true }
                Start-TaskRun -Provider BrowserAct -TaskId $args[1] -Input @{ pause = $true }
            )
            $global:waiting | Wait-TaskRun -TimeoutSec 4 -PollInterval 0.2
            """, Task("deck"), Task("browseract"));
        Assert.Empty(result.Output);
        var ids = ((object[])_ps.GetVariable("waiting")!).Select(o => RunView.From(PSObject.AsPSObject(o))).ToList();
        var deck = ids.Single(r => r.Provider == "Deck");
        var browserAct = ids.Single(r => r.Provider == "BrowserAct");

        // One warning per run, naming it and what it waits for.
        Assert.Equal(2, result.Warnings.Count);
        string deckWarning = Assert.Single(result.Warnings, w => w.Contains(deck.Id));
        Assert.Contains("interaction_required", deckWarning);
        Assert.Contains("mfa", deckWarning);
        Assert.Contains("-IncludeWaitingForInput", deckWarning);
        string browserActWarning = Assert.Single(result.Warnings, w => w.Contains(browserAct.Id));
        Assert.Matches("paus(ed|ing)", browserActWarning);

        // Not finished: both time out, still waiting.
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("WaitTaskRunTimeout,TaskRuns.Commands.WaitTaskRunCommand", e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.Equal("WaitingForInput", RunView.From(PSObject.AsPSObject(e.TargetObject)).Status));
        Assert.Equal("interaction_required", _emulator.StoredRun("deck", deck.Id).Status);
        Assert.Equal("paused", _emulator.StoredRun("browseract", browserAct.Id).Status);

        // With -IncludeWaitingForInput they are output (still warned about).
        var included = _ps.Run("$global:waiting | Wait-TaskRun -TimeoutSec 10 -PollInterval 0.2 -IncludeWaitingForInput").ThrowIfErrors();
        var runs = included.Runs();
        Assert.Equal(new[] { "BrowserAct:paused", "Deck:interaction_required" }, runs.Select(r => r.Provider + ":" + r.ProviderStatus).OrderBy(s => s));
        Assert.All(runs, r => Assert.Equal("WaitingForInput", r.Status));
        Assert.Equal(2, included.Warnings.Count);
        Assert.All(included.Warnings, w => Assert.DoesNotContain("-IncludeWaitingForInput", w));
    }

    [Fact]
    public void Progress_counts_the_finished_runs_of_the_total_while_waiting()
    {
        var finished = _emulator.SeededRun("deck", "completed");
        var result = _ps.Run("""
            @(
                Get-TaskRun -Provider Deck -Id $args[1]
                # 3 s rather than the fixture's 1.2 s: on a busy machine the first poll came after a 1.2 s run had ended.
                Start-TaskRun -Provider Deck -TaskId $args[0] -Input @{ duration_ms = 3000 }
            ) | Wait-TaskRun -PollInterval 0.2
            """, Task("deck"), finished.Id).ThrowIfErrors();
        Assert.Equal(2, result.Runs().Count);
        var progress = result.Progress.Where(p => p.Activity == "Wait-TaskRun").ToList();
        Assert.True(progress.Count >= 3, $"only {progress.Count} progress records");
        var processing = progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        // The seeded run is finished in the first round, the started one some rounds later.
        Assert.StartsWith("1 of 2 run(s) finished", processing[0].StatusDescription);
        Assert.Equal(50, processing[0].PercentComplete);
        Assert.Contains(processing, p => p.StatusDescription.StartsWith("2 of 2 run(s) finished"));
        Assert.True(processing.Count(p => p.StatusDescription.StartsWith("1 of 2")) >= 2, "no progress was written while the started run was still running");
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
    }

    public static TheoryData<string, string, string> StopCases => new()
    {
        // provider, what to wait on, forced fault (none, or a stalled first poll)
        { "Deck", "sleeping between polls", "" },
        { "RunWisp", "sleeping between polls with the event stream open", "" },
        { "BrowserAct", "inside a stalled request", "slow" },
    };

    [Theory]
    [MemberData(nameof(StopCases))]
    public void Ctrl_C_ends_the_wait_within_a_second(string provider, string situation, string fault)
    {
        _ = situation;
        // Against the emulator whose event stream is silent: nothing arriving must be needed to notice the stop.
        using var ps = _quiet.NewConnectedSession();
        var running = _quiet.SeededRun(provider.ToLowerInvariant(), "running");
        ps.SetVariable("stopTarget", running.Id);
        ps.SetVariable("stopProvider", provider);
        ps.SetVariable("stopTask", running.TaskId);
        var stats = _quiet.Host.Stats.For(provider);
        long faultsBefore = fault.Length > 0 ? stats.FaultCount(fault) : 0, requestsBefore = stats.Requests;
        if (fault.Length > 0) _quiet.Host.ForceFaults(provider.ToLowerInvariant(), fault, 1);

        var (shell, handle) = ps.Begin("Wait-TaskRun -Provider $stopProvider -TaskId $stopTask -Id $stopTarget -PollInterval 60 -Timeout 00:10:00 -Verbose");
        using (shell)
        {
            Thread.Sleep(1000);
            Assert.False(handle.IsCompleted, "Wait-TaskRun ended before it was stopped");
            var watch = Stopwatch.StartNew();
            shell.Stop();
            Assert.True(handle.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "Wait-TaskRun did not stop");
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Wait-TaskRun took {watch.Elapsed} to stop");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            if (provider == "RunWisp")
                Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("following the daemon's event stream"));
        }
        Assert.True(stats.Requests > requestsBefore, "the wait sent no request");
        if (fault.Length > 0) Assert.Equal(faultsBefore + 1, stats.FaultCount(fault));
    }

    [Fact]
    public void RunWisp_completion_arrives_through_the_event_stream_long_before_the_next_poll()
    {
        var stats = _emulator.Host.Stats.RunWisp;
        var watch = Stopwatch.StartNew();
        var result = _ps.Run("""
            $run = Start-TaskRun -Provider RunWisp -TaskId $args[0]
            $global:before = $args[1].Requests
            $run | Wait-TaskRun -PollInterval 30 -Verbose
            $global:after = $args[1].Requests
            """, Task("runwisp"), stats).ThrowIfErrors();
        watch.Stop();
        var run = Assert.Single(result.Runs());
        Assert.Equal("Success", run.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}; a 30 s poll interval would mean ≥ 30 s");
        Assert.Contains(result.Verbose, v => v.Contains("event stream") && v.Contains("following"));
        // Noticed by the stream, not by polling: the stream itself plus at most a couple of reads of the run.
        long requests = (long)_ps.GetVariable("after")! - (long)_ps.GetVariable("before")!;
        Assert.InRange(requests, 2, 4);
    }

    [Fact]
    public void When_the_event_stream_is_unavailable_polling_still_notices_the_end()
    {
        var stats = _emulator.Host.Stats.RunWisp;
        long before = stats.FaultCount("503");
        _emulator.Host.ForceFaults("runwisp", "503", 1, path: "/api/runs/stream");
        var result = _ps.Run("""
            Start-TaskRun -Provider RunWisp -TaskId $args[0] | Wait-TaskRun -PollInterval 0.3 -Timeout 00:00:20 -Verbose
            """, Task("runwisp")).ThrowIfErrors();
        var run = Assert.Single(result.Runs());
        Assert.Equal("Success", run.Status);
        Assert.Equal(before + 1, stats.FaultCount("503"));
        Assert.Contains(result.Verbose, v => v.Contains("event stream is not available") && v.Contains("polling"));
        Assert.DoesNotContain(result.Verbose, v => v.Contains("following the daemon's event stream"));
    }

    [Fact]
    public void Deserialized_runs_are_accepted()
    {
        var result = _ps.Run("""
            $runs = @(
                Start-TaskRun -Provider Anchor -TaskId $args[0]
                Start-TaskRun -Provider RunWisp -TaskId $args[1]
                Start-TaskRun -Provider Deck -TaskId $args[2]
                Start-TaskRun -Provider BrowserAct -TaskId $args[3]
            )
            $copies = foreach ($r in $runs) {
                [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($r))
            }
            $copies | ForEach-Object { $_.pstypenames[0] }
            $copies | Wait-TaskRun -PollInterval 0.2
            """, Task("anchor"), Task("runwisp"), Task("deck"), Task("browseract")).ThrowIfErrors();
        var typeNames = result.Output.Take(4).Select(o => o.BaseObject.ToString()).ToList();
        Assert.All(typeNames, t => Assert.StartsWith("Deserialized.TaskRuns.Model.", t));
        var runs = result.Output.Skip(4).Select(RunView.From).ToList();
        Assert.Equal(new[] { "Anchor", "BrowserAct", "Deck", "RunWisp" }, runs.Select(r => r.Provider).OrderBy(p => p));
        Assert.All(runs, r => Assert.Equal("Success", r.Status));
        Assert.All(runs, r => Assert.StartsWith("TaskRuns.Model.", r.TypeName)); // live objects again
    }
}
