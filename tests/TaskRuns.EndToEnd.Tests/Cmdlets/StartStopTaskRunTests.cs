using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>Start-TaskRun and Stop-TaskRun through a hosted runspace against the emulator.</summary>
public sealed class StartStopTaskRunTests : IClassFixture<LifecycleEmulatorFixture>, IDisposable
{
    private readonly LifecycleEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public StartStopTaskRunTests(LifecycleEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewConnectedSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _raw.Dispose();
    }

    private string Task(string provider) => _emulator.TaskOf(provider);

    private Emulator.ProviderStats Stats(string provider) => _emulator.Host.Stats.For(provider);

    private List<string> TriggeredIds(string provider) =>
        _emulator.Host.Store.Runs(provider).Where(r => r.Triggered).Select(r => r.Id).ToList();

    // provider, its initial raw status, its normalised initial status
    public static TheoryData<string, string, string> Providers => new()
    {
        { "Anchor", "queued", "Queued" },
        { "RunWisp", "pending", "Queued" },
        { "Deck", "queued", "Queued" },
        { "BrowserAct", "created", "Queued" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Start_outputs_the_new_run_as_the_API_reports_it(string provider, string initial, string normalised)
    {
        string key = provider.ToLowerInvariant();
        var stats = Stats(key);
        long created = stats.RunsCreated;
        var before = TriggeredIds(key);
        var result = _ps.Run("Start-TaskRun -Provider $args[0] -TaskId $args[1] -Verbose", provider, Task(key)).ThrowIfErrors();
        var run = Assert.Single(result.Runs());

        Assert.Equal(created + 1, stats.RunsCreated);
        string newId = Assert.Single(TriggeredIds(key).Except(before));
        Assert.Equal(newId, run.Id);
        Assert.Equal(provider, run.Provider);
        Assert.Equal(Task(key), run.TaskId);
        Assert.Equal("TaskRuns.Model." + provider + "TaskRun", run.TypeName);
        Assert.False(run.IsTerminal);
        // Its real initial state (it may have moved on to running on a slow machine; never anything else).
        Assert.Contains(run.ProviderStatus, new[] { initial, "running" });
        Assert.Equal(run.ProviderStatus == "running" ? "Running" : normalised, run.Status);
        var createdAt = Assert.IsType<DateTimeOffset>(run["CreatedAt"]);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Contains(result.Verbose, v => v.Contains("started run " + run.Id));
        if (provider == "Anchor")
        {
            // Anchor answers the start with an id only: the state shown was read back from the executions API.
            Assert.False(string.IsNullOrEmpty(run["TaskVersionId"]?.ToString()));
            Assert.Equal("3", run["Version"]?.ToString());
        }
    }

    [Fact]
    public async Task Inputs_are_passed_through()
    {
        var result = _ps.Run("""
            Start-TaskRun -Provider Deck -TaskId $args[0] -Input @{ account = 'acme'; year = 2024 }
            Start-TaskRun -Provider BrowserAct -TaskId $args[1] -Input @{ keyword = 'shoes' }
            """, Task("deck"), Task("browseract")).ThrowIfErrors();
        var deck = result.Runs().Single(r => r.Provider == "Deck");
        var browserAct = result.Runs().Single(r => r.Provider == "BrowserAct");
        var input = (await _raw.GetJson($"/v2/task-runs/{deck.Id}?include=input")).GetProperty("input");
        Assert.Equal("acme", input.GetProperty("account").GetString());
        Assert.Equal("2024", input.GetProperty("year").GetString());
        Assert.Equal("keyword=shoes", browserAct["InputParameters"]?.ToString());
        // Anchor and RunWisp inputs decide the outcome in the emulator (see the failure conventions in Wait-TaskRun's tests).
        var failed = _ps.Run("""
            Start-TaskRun -Provider Anchor -TaskId $args[0] -Input @{ ANCHOR_OUTCOME = 'failure' } -Wait -PollInterval 0.2
            Start-TaskRun -Provider RunWisp -TaskId $args[1] -Input @{ outcome = 'failure' } -Wait -PollInterval 0.2
            """, Task("anchor"), Task("runwisp")).ThrowIfErrors().Runs();
        Assert.Equal(new[] { "Failure", "Failure" }, failed.Select(r => r.Status));
    }

    [Fact]
    public void An_Anchor_input_not_named_ANCHOR_is_refused_before_anything_is_sent()
    {
        var stats = Stats("anchor");
        long requests = stats.Requests, created = stats.RunsCreated;
        var result = _ps.Run("Start-TaskRun -Provider Anchor -TaskId $args[0] -Input @{ OUTCOME = 'failure' }", Task("anchor"));
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidInput,TaskRuns.Commands.StartTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ANCHOR_", error.Exception.Message);
        Assert.Equal(requests, stats.Requests);
        Assert.Equal(created, stats.RunsCreated);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Start_with_Wait_outputs_the_final_state(string provider, string initial, string normalised)
    {
        _ = (initial, normalised);
        var result = _ps.Run("Start-TaskRun -Provider $args[0] -TaskId $args[1] -Wait -PollInterval 0.2", provider, Task(provider.ToLowerInvariant())).ThrowIfErrors();
        var run = Assert.Single(result.Runs());
        Assert.Equal("Success", run.Status);
        Assert.True(run.IsTerminal);
        var stored = _emulator.StoredRun(provider.ToLowerInvariant(), run.Id);
        Assert.Equal(provider == "RunWisp" ? "ended" : run.ProviderStatus, stored.Status);
    }

    [Fact]
    public void WhatIf_starts_and_stops_nothing()
    {
        var providers = new[] { "anchor", "runwisp", "deck", "browseract" };
        var requests = providers.ToDictionary(p => p, p => Stats(p).Requests);
        var created = providers.ToDictionary(p => p, p => Stats(p).RunsCreated);
        var running = _emulator.SeededRun("deck", "running");
        var result = _ps.Run("""
            Start-TaskRun -Provider Anchor -TaskId $args[0] -WhatIf
            Start-TaskRun -Provider RunWisp -TaskId $args[1] -WhatIf
            Start-TaskRun -Provider Deck -TaskId $args[2] -WhatIf -Wait
            Start-TaskRun -Provider BrowserAct -TaskId $args[3] -WhatIf
            Stop-TaskRun -Provider Deck -Id $args[4] -WhatIf -PassThru
            Stop-TaskRun -Provider RunWisp -TaskId $args[1] -Id $args[5] -WhatIf
            """, Task("anchor"), Task("runwisp"), Task("deck"), Task("browseract"), running.Id, _emulator.SeededRun("runwisp", "running").Id).ThrowIfErrors();
        Assert.Empty(result.Output);
        Assert.All(providers, p => Assert.Equal(requests[p], Stats(p).Requests));
        Assert.All(providers, p => Assert.Equal(created[p], Stats(p).RunsCreated));
        Assert.Equal("running", _emulator.StoredRun("deck", running.Id).Status);
    }

    [Fact]
    public void A_Deck_start_whose_connection_drops_after_the_run_was_created_is_retried_into_that_same_run()
    {
        var stats = Stats("deck");
        long created = stats.RunsCreated, resets = stats.FaultCount("reset-after");
        var before = TriggeredIds("deck");
        _emulator.Host.ForceFaults("deck", "reset-after", 1);
        var result = _ps.Run("Start-TaskRun -Provider Deck -TaskId $args[0] -Verbose", Task("deck")).ThrowIfErrors();
        var run = Assert.Single(result.Runs());

        Assert.Equal(resets + 1, stats.FaultCount("reset-after")); // the first POST created the run and lost its answer
        Assert.Equal(created + 1, stats.RunsCreated);              // the retry with the same Idempotency-Key created nothing
        string newId = Assert.Single(TriggeredIds("deck").Except(before));
        Assert.Equal(newId, run.Id);
        Assert.Contains(result.Verbose, v => v.Contains("retry 1"));
    }

    [Theory]
    [InlineData("BrowserAct")]
    [InlineData("RunWisp")]
    public void A_start_without_idempotency_is_not_repeated_when_the_connection_drops_after_sending(string provider)
    {
        string key = provider.ToLowerInvariant();
        var stats = Stats(key);
        // Sign in first (RunWisp), so the forced fault hits the start itself.
        _ps.Run("Get-TaskRunTask -Provider $args[0]", provider).ThrowIfErrors();
        long created = stats.RunsCreated, resets = stats.FaultCount("reset-after"), requests = stats.Requests;
        _emulator.Host.ForceFaults(key, "reset-after", 1);
        var result = _ps.Run("Start-TaskRun -Provider $args[0] -TaskId $args[1]", provider, Task(key));

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal(resets + 1, stats.FaultCount("reset-after"));
        Assert.Equal(created + 1, stats.RunsCreated); // the run exists...
        Assert.Equal(requests + 1, stats.Requests);   // ...and the POST was not sent again
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("ConnectionFailed,TaskRuns.Commands.StartTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("was not repeated", error.Exception.Message);
        Assert.DoesNotContain("could not reach", error.Exception.Message);
        Assert.Contains("Get-TaskRun", error.Exception.Message);
    }

    [Fact]
    public void A_start_whose_connection_is_refused_is_retried_since_nothing_was_sent()
    {
        // Port 1 on loopback refuses the connection: the POST provably never left, so repeating it is safe.
        var result = _ps.Run("""
            Start-TaskRun -Provider BrowserAct -BaseUri 'http://127.0.0.1:1' -ApiKey $key -TaskId $args[0] -MaxRetries 2 -Verbose
            """, Task("browseract"));
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ConnectionFailed,TaskRuns.Commands.StartTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("could not reach the server", error.Exception.Message);
        Assert.DoesNotContain("not repeated", error.Exception.Message);
        Assert.Contains(result.Verbose, v => v.Contains("retry 1 of 2"));
        Assert.Contains(result.Verbose, v => v.Contains("retry 2 of 2"));
    }

    [Fact]
    public void Stopping_a_running_RunWisp_run_ends_it_as_stopped()
    {
        var running = _emulator.ClaimSeededRun("runwisp", "running");
        var result = _ps.Run("Get-TaskRun -Provider RunWisp -TaskId $args[0] -Id $args[1] | Stop-TaskRun -PassThru", running.TaskId, running.Id).ThrowIfErrors();
        var run = Assert.Single(result.Runs());
        Assert.Equal(running.Id, run.Id);
        Assert.Equal("Cancelled", run.Status);
        Assert.Equal("stopped", run.ProviderStatus);
        var stored = _emulator.StoredRun("runwisp", running.Id);
        Assert.Equal(("ended", "stopped"), (stored.Status, stored.Outcome));
    }

    [Fact]
    public void A_RunWisp_run_can_be_stopped_by_id_alone()
    {
        // The 0.4.x daemon serves single runs only per task; without -TaskId the run is found through /api/runs?search=.
        var running = _emulator.ClaimSeededRun("runwisp", "running");
        var result = _ps.Run("Stop-TaskRun -Provider RunWisp -Id $args[0] -PassThru", running.Id).ThrowIfErrors();
        var run = Assert.Single(result.Runs());
        Assert.Equal((running.Id, running.TaskId, "Cancelled", "stopped"), (run.Id, run.TaskId, run.Status, run.ProviderStatus));
        Assert.Equal(("ended", "stopped"), (_emulator.StoredRun("runwisp", running.Id).Status, _emulator.StoredRun("runwisp", running.Id).Outcome));
    }

    [Fact]
    public void Stopping_a_pending_RunWisp_run_is_a_clear_RunNotStoppable_error()
    {
        var pending = _emulator.SeededRun("runwisp", "pending");
        var result = _ps.Run("Stop-TaskRun -Provider RunWisp -TaskId $args[0] -Id $args[1] -PassThru", pending.TaskId, pending.Id);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("RunNotStoppable,TaskRuns.Commands.StopTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("pending", error.Exception.Message);
        Assert.Equal(pending.Id, RunView.From(PSObject.AsPSObject(error.TargetObject)).Id);
        Assert.Equal("pending", _emulator.StoredRun("runwisp", pending.Id).Status);
    }

    [Fact]
    public void A_started_Deck_run_piped_to_Stop_is_canceling_then_canceled()
    {
        var result = _ps.Run("""
            $global:canceling = Start-TaskRun -Provider Deck -TaskId $args[0] | Stop-TaskRun -PassThru
            $global:canceling
            $global:canceling | Wait-TaskRun -PollInterval 0.1
            """, Task("deck")).ThrowIfErrors();
        var runs = result.Runs();
        Assert.Equal(2, runs.Count);
        Assert.Equal(runs[0].Id, runs[1].Id);
        Assert.Equal(("Cancelling", "canceling"), (runs[0].Status, runs[0].ProviderStatus));
        Assert.Equal(("Cancelled", "canceled"), (runs[1].Status, runs[1].ProviderStatus));
        Assert.Equal("canceled", _emulator.StoredRun("deck", runs[0].Id).Status);
    }

    [Fact]
    public void Stopping_BrowserAct_tasks_cancels_a_running_one_and_lets_a_finished_one_be()
    {
        var running = _emulator.ClaimSeededRun("browseract", "running");
        var finished = _emulator.SeededRun("browseract", "finished");
        var result = _ps.Run("""
            Get-TaskRun -Provider BrowserAct -Id $args[0] | Stop-TaskRun -PassThru
            Stop-TaskRun -Provider BrowserAct -Id $args[1] -PassThru -Verbose
            Start-TaskRun -Provider BrowserAct -TaskId $args[2] | Stop-TaskRun -PassThru
            """, running.Id, finished.Id, Task("browseract")).ThrowIfErrors();
        var runs = result.Runs();
        Assert.Equal(3, runs.Count);
        Assert.Equal((running.Id, "Cancelled", "canceled"), (runs[0].Id, runs[0].Status, runs[0].ProviderStatus));
        Assert.Equal((finished.Id, "Success", "finished"), (runs[1].Id, runs[1].Status, runs[1].ProviderStatus));
        Assert.Contains(result.Verbose, v => v.Contains(finished.Id) && v.Contains("already ended"));
        Assert.Equal(("Cancelled", "canceled"), (runs[2].Status, runs[2].ProviderStatus));
        Assert.Equal("canceled", _emulator.StoredRun("browseract", running.Id).Status);
        Assert.Equal("finished", _emulator.StoredRun("browseract", finished.Id).Status);
        Assert.Equal("canceled", _emulator.StoredRun("browseract", runs[2].Id).Status);
    }

    [Fact]
    public void Stopping_an_Anchor_execution_is_StopNotSupported()
    {
        var stats = Stats("anchor");
        var result = _ps.Run("""
            $run = Start-TaskRun -Provider Anchor -TaskId $args[0]
            $global:anchorRequests = $args[1].Requests
            $run | Stop-TaskRun -PassThru
            """, Task("anchor"), stats);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("StopNotSupported,TaskRuns.Commands.StopTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("Anchor", error.Exception.Message);
        Assert.Equal((long)_ps.GetVariable("anchorRequests")!, stats.Requests); // nothing was sent for the stop
    }

    [Theory]
    [InlineData("Anchor", "anchor", "ANCHOR_DURATION_MS")]
    [InlineData("RunWisp", "runwisp", "duration_ms")]
    [InlineData("Deck", "deck", "duration_ms")]
    [InlineData("BrowserAct", "browseract", "duration_ms")]
    public void The_emulator_runs_a_run_for_the_duration_its_input_asks(string provider, string emulatorName, string input)
    {
        // A 10 s run next to one of the fixture's 1.2 s: two seconds later only the short one has ended.
        var result = _ps.Run($$"""
            $long = Start-TaskRun -Provider {{provider}} -TaskId $args[0] -Input @{ {{input}} = 10000 }
            $short = Start-TaskRun -Provider {{provider}} -TaskId $args[0]
            [System.Threading.Thread]::Sleep(2000)
            Get-TaskRun -Provider {{provider}} -TaskId $args[0] -Id $long.Id
            Get-TaskRun -Provider {{provider}} -TaskId $args[0] -Id $short.Id
            """, Task(emulatorName)).ThrowIfErrors();
        var runs = result.Runs();
        Assert.Equal(2, runs.Count);
        Assert.False(runs[0].IsTerminal, $"the 10 s run is already {runs[0].ProviderStatus}");
        Assert.True(runs[1].IsTerminal, $"the default run is still {runs[1].ProviderStatus}");
    }
}

