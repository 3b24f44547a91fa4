using System.Management.Automation;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// One pipeline across providers (#16): several providers are several (never one), their runs come out as one stream,
/// newest first, exactly the union of each provider listed alone; -First/-Skip stop fetching; a provider-only filter is
/// refused; a failing provider is one error and the others finish. Each provider is connected with Connect-TaskRunProvider
/// in the test's runspace, with no provider environment variable set (so these run in the environment collection).
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CrossProviderTests : IDisposable
{
    private static readonly string[] Everyone = ["Anchor", "RunWisp", "Deck", "BrowserAct"];

    private readonly EnvironmentFixture _emulator;
    private readonly EnvironmentScope _environment = EnvironmentScope.Clean();
    private readonly PowerShellSession _ps;

    public CrossProviderTests(EnvironmentFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose()
    {
        _ps.Dispose();
        _environment.Dispose();
    }

    private void Connect(params string[] providers)
    {
        foreach (string provider in providers) Connect(provider, _emulator.BaseUri);
    }

    private void Connect(string provider, Uri emulator, string key = EmulatorFixture.ApiKey)
    {
        string root = emulator.ToString().TrimEnd('/');
        _ps.Run(provider == "RunWisp"
                ? "Connect-TaskRunProvider -Provider RunWisp -BaseUri $args[0] -Credential ([pscredential]::new('runwisp', $args[1]))"
                : "Connect-TaskRunProvider -Provider $args[2] -BaseUri $args[0] -ApiKey $args[1]",
            provider == "Deck" ? root + "/v2" : root,
            PowerShellSession.Secure(provider == "RunWisp" ? EmulatorFixture.RunWispPassword : key), provider).ThrowIfErrors();
    }

    /// <summary>The oracle: one provider listed alone (Anchor: each task alone), as the module lists it.</summary>
    private List<RunView> Alone(string provider, string filters = "", EmulatorHost? host = null)
    {
        host ??= _emulator.Host;
        if (provider != "Anchor") return _ps.Run($"Get-TaskRun -Provider {provider} -All {filters}").ThrowIfErrors().Runs();
        var runs = new List<RunView>();
        foreach (string task in host.Store.TaskIds("anchor"))
            runs.AddRange(_ps.Run($"Get-TaskRun -Provider Anchor -TaskId $args[0] -All {filters}", task).ThrowIfErrors().Runs());
        return runs;
    }

    private static DateTimeOffset Created(RunView run) => (DateTimeOffset)run["CreatedAt"]!;

    /// <summary>Newest first overall, and each provider's runs in the order that provider gave them alone.</summary>
    private static void AssertMergedNewestFirst(List<RunView> merged, Dictionary<string, List<RunView>> alone)
    {
        for (int i = 1; i < merged.Count; i++)
            Assert.True(Created(merged[i - 1]) >= Created(merged[i]), $"run {i} ({merged[i].Provider} {merged[i].Id}) is newer than the one before it");
        foreach (var (provider, runs) in alone)
        {
            if (provider == "Anchor") continue; // Anchor alone is per task; its merge across tasks is checked by time above
            Assert.Equal(runs.Select(r => r.Id), merged.Where(r => r.Provider == provider).Select(r => r.Id));
        }
    }

    private static string Key(RunView run) => run.Provider + "/" + run.Id;

    /// <summary>The issue's "done when": an emulator with the default data (250 runs per task), whose last day has failures at most providers.</summary>
    [Fact]
    public async Task Every_failure_of_the_last_day_with_all_four_connected_is_exactly_the_union_of_the_four_newest_first()
    {
        await using EmulatorHost full = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0", ApiKey = EmulatorFixture.ApiKey, RunWispPassword = EmulatorFixture.RunWispPassword, RunWispLoginLimit = 0, DeckRateLimit = 0,
        });
        foreach (string provider in Everyone) Connect(provider, full.BaseUri);
        const string filters = "-Status Failure -Since ([datetime]::Now.AddDays(-1))"; // (Get-Date).AddDays(-1): the test host has no Get-Date
        var alone = Everyone.ToDictionary(p => p, p => Alone(p, filters, full));

        var result = _ps.Run($"Get-TaskRun {filters} -All -Verbose").ThrowIfErrors();
        var merged = result.Runs();

        Assert.Equal(alone.Values.SelectMany(r => r).Select(Key).Order(), merged.Select(Key).Order()); // each run once, none missing
        Assert.All(merged, r => Assert.Equal("Failure", r.Status));
        Assert.True(alone.Count(p => p.Value.Count > 0) >= 2, "recent failures at " + string.Join(", ", alone.Select(p => $"{p.Key} {p.Value.Count}")));
        AssertMergedNewestFirst(merged, alone);
        Assert.Contains(result.Verbose, v => v.StartsWith("Providers: Anchor, RunWisp, Deck, BrowserAct"));
    }

    [Fact]
    public void Every_run_of_several_providers_is_the_union_of_each_alone_newest_first()
    {
        Connect("Anchor", "Deck", "RunWisp");
        var alone = new[] { "Anchor", "Deck", "RunWisp" }.ToDictionary(p => p, p => Alone(p));

        var merged = _ps.Run("Get-TaskRun -Provider Anchor,Deck,RunWisp -All").ThrowIfErrors().Runs();

        Assert.Equal(alone.Values.Sum(r => r.Count), merged.Count);
        Assert.Equal(alone.Values.SelectMany(r => r).Select(Key).Order(), merged.Select(Key).Order());
        AssertMergedNewestFirst(merged, alone);
    }

    [Fact]
    public void Anchor_without_a_task_lists_every_tasks_executions_merged_newest_first()
    {
        Connect("Anchor");
        var alone = Alone("Anchor");
        var merged = _ps.Run("Get-TaskRun -Provider Anchor -All").ThrowIfErrors().Runs();

        Assert.Equal(alone.Select(r => r.Id).Order(), merged.Select(r => r.Id).Order());
        Assert.True(merged.Select(r => r.TaskId).Distinct().Count() >= 2, "runs of several tasks");
        AssertMergedNewestFirst(merged, new());
    }

    [Theory]
    [InlineData("Anchor,Deck", "Anchor Deck")]
    [InlineData("RunWisp,BrowserAct", "RunWisp BrowserAct")]
    [InlineData("'*'", "Anchor RunWisp Deck BrowserAct")]
    [InlineData("Run*,deck", "RunWisp Deck")]
    [InlineData("@('Deck', 'Anchor', 'Deck')", "Deck Anchor")]
    public void Several_providers_are_listed_as_several_never_as_one(string provider, string expected)
    {
        Connect(Everyone);
        _emulator.Host.Stats.Reset();

        var result = _ps.Run($"Get-TaskRun -Provider {provider} -First 3 -Verbose").ThrowIfErrors();

        string[] chosen = expected.Split(' ');
        Assert.Contains($"Providers: {string.Join(", ", chosen)} (named by -Provider).", result.Verbose);
        foreach (string name in Everyone)
        {
            long requests = _emulator.Host.Stats.For(ProviderCase.Named(name).Emulator).ListRequests;
            if (chosen.Contains(name)) Assert.True(requests > 0, $"{name} was chosen but not asked");
            else Assert.Equal(0, requests);
        }
    }

    [Fact]
    public void A_name_that_is_no_provider_is_refused_by_the_binder()
    {
        var result = _ps.Run("Get-TaskRun -Provider Anchor,Dek");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("ParameterArgumentTransformationError,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("'Dek' is not a provider", error.Exception.Message);
    }

    [Fact]
    public void Without_provider_every_connected_provider_is_chosen_and_verbose_says_why_the_others_were_not()
    {
        Connect("Deck", "BrowserAct");
        var result = _ps.Run("Get-TaskRun -First 5 -Verbose").ThrowIfErrors();

        Assert.All(result.Runs(), r => Assert.Contains(r.Provider, new[] { "Deck", "BrowserAct" }));
        string line = Assert.Single(result.Verbose, v => v.StartsWith("Providers: "));
        Assert.StartsWith("Providers: Deck, BrowserAct (every provider with a credential", line);
        Assert.Contains("Anchor (no API key: -ApiKey, Connect-TaskRunProvider or ANCHORBROWSER_API_KEY)", line);
        // RunWisp may run with auth off, so a password is optional; with neither a password nor an address it is left out.
        Assert.Contains("RunWisp (no password and no address: -Credential, Connect-TaskRunProvider, RUNWISP_PASSWORD or RUNWISP_URL)", line);
    }

    [Fact]
    public void Without_provider_and_nothing_connected_the_command_says_so()
    {
        var error = Assert.Single(_ps.Run("Get-TaskRun").AllErrors);
        Assert.Equal("NoProviderConnected,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void First_across_providers_gives_the_newest_overall_and_stops_fetching()
    {
        Connect(Everyone);
        var all = _ps.Run("Get-TaskRun -All").ThrowIfErrors().Runs();
        _emulator.Host.Stats.Reset();
        _ps.Run("Get-TaskRun -All -PageSize 5 -ThrottleLimit 1").ThrowIfErrors();
        var everyPage = Everyone.ToDictionary(p => p, p => _emulator.Host.Stats.For(ProviderCase.Named(p).Emulator).ListRequests);
        _emulator.Host.Stats.Reset();

        var first = _ps.Run("Get-TaskRun -First 7 -PageSize 5 -ThrottleLimit 1").ThrowIfErrors().Runs();

        Assert.Equal(all.Take(7).Select(Key), first.Select(Key));
        // Seven runs need at most two pages of 5 from any one stream (each provider, each Anchor task); one more may be
        // in flight when the seventh is certain, and is cancelled. Listing every page takes 9 or more per stream.
        int anchorTasks = _emulator.Host.Store.TaskIds("anchor").Count;
        foreach (string provider in Everyone)
        {
            int streams = provider == "Anchor" ? anchorTasks : 1;
            long requests = _emulator.Host.Stats.For(ProviderCase.Named(provider).Emulator).ListRequests;
            Assert.InRange(requests, 1, 3 * streams);
            Assert.True(everyPage[provider] >= 9 * streams, $"{provider}: every page took only {everyPage[provider]} requests");
        }
    }

    [Fact]
    public void Without_paging_parameters_one_warning_names_every_provider_that_has_more_runs()
    {
        Connect(Everyone);

        var result = _ps.Run("Get-TaskRun").ThrowIfErrors();

        string warning = Assert.Single(result.Warnings, w => w.StartsWith("More ", StringComparison.Ordinal));
        foreach (string provider in Everyone) Assert.Contains(provider, warning);
        Assert.EndsWith("Use -All to list every page, -First N for a number of runs, or Get-TaskRunPage to page yourself.", warning);
    }

    [Fact]
    public void Skip_and_first_across_providers_are_a_window_on_the_merged_order()
    {
        Connect(Everyone);
        var all = _ps.Run("Get-TaskRun -All").ThrowIfErrors().Runs();

        var window = _ps.Run("Get-TaskRun -Skip 30 -First 25").ThrowIfErrors().Runs();
        var rest = _ps.Run("Get-TaskRun -Provider * -Skip 170").ThrowIfErrors().Runs();

        Assert.Equal(all.Skip(30).Take(25).Select(Key), window.Select(Key));
        Assert.Equal(all.Skip(170).Select(Key), rest.Select(Key));
    }

    [Theory]
    [InlineData("-Outcome success", "Anchor, RunWisp: -Outcome is not available for Anchor, RunWisp (of the providers chosen, only Deck has it)")]
    [InlineData("-Version 3", "RunWisp, Deck: -Version is not available for RunWisp, Deck (of the providers chosen, only Anchor has it)")]
    [InlineData("-SortBy status", "Anchor, Deck: -SortBy is not available for Anchor, Deck (of the providers chosen, only RunWisp has it)")]
    [InlineData("-Search etl", "Anchor: -Search is not available for Anchor (of the providers chosen, only RunWisp, Deck has it)")]
    public void A_provider_only_filter_with_several_providers_is_refused_before_any_request(string filter, string message)
    {
        Connect(Everyone);
        _emulator.Host.Stats.Reset();

        var error = Assert.Single(_ps.Run($"Get-TaskRun -Provider Anchor,RunWisp,Deck {filter} -All").AllErrors);

        Assert.Equal("UnsupportedFilter,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith(message, error.Exception.Message);
        Assert.All(Everyone, p => Assert.Equal(0, _emulator.Host.Stats.For(ProviderCase.Named(p).Emulator).Requests));
    }

    [Fact]
    public void Connection_parameters_with_several_providers_are_refused()
    {
        var error = Assert.Single(_ps.Run("Get-TaskRun -Provider Anchor,Deck -BaseUri $EmulatorUri -ApiKey $key").AllErrors);
        Assert.Equal("ConnectionParameterNeedsOneProvider,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
    }

    /// <summary>Deck played by a second emulator that fails in one way; the other three providers are the main emulator.</summary>
    [Theory]
    [InlineData("401")]
    [InlineData("connection refused")]
    [InlineData("500")]
    [InlineData("truncated")]
    public async Task One_provider_failing_is_one_error_naming_it_and_the_others_finish(string fault)
    {
        Connect("Anchor", "RunWisp", "BrowserAct");
        var alone = new[] { "Anchor", "RunWisp", "BrowserAct" }.ToDictionary(p => p, p => Alone(p));
        await using EmulatorHost down = await EmulatorHost.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", ApiKey = EmulatorFixture.ApiKey, DeckRateLimit = 0 });
        Uri deck = down.BaseUri;
        if (fault == "401") Connect("Deck", deck, key: "not-the-key");
        else if (fault == "connection refused") Connect("Deck", new Uri("http://127.0.0.1:9/"));
        else
        {
            down.ForceFaults("deck", fault, 1000);
            Connect("Deck", deck);
        }

        var result = _ps.Run("Get-TaskRun -All -MaxRetries 1");

        ErrorRecord error = Assert.Single(result.AllErrors);
        Assert.Null(result.Terminating);
        Assert.Equal("Deck", error.TargetObject?.ToString());
        Assert.StartsWith("Deck", error.Exception.Message);
        var runs = result.Runs();
        Assert.DoesNotContain(runs, r => r.Provider == "Deck");
        Assert.Equal(alone.Values.SelectMany(r => r).Select(Key).Order(), runs.Select(Key).Order());
        AssertMergedNewestFirst(runs, alone);
    }

    [Fact]
    public void ErrorAction_stop_ends_every_provider_at_the_first_failure()
    {
        Connect("Anchor", "RunWisp", "BrowserAct");
        Connect("Deck", new Uri("http://127.0.0.1:9/"));

        var result = _ps.Run("Get-TaskRun -All -MaxRetries 0 -ErrorAction Stop");

        Assert.NotNull(result.Terminating);
        Assert.StartsWith("Deck", Assert.Single(result.AllErrors).Exception.Message);
        int total = new[] { "Anchor", "RunWisp", "BrowserAct" }.Sum(p => Alone(p).Count);
        Assert.True(result.Output.Count < total, "the listing went on after the failure");
    }

    [Fact]
    public async Task Ctrl_C_stops_every_provider_at_once()
    {
        Connect(Everyone);
        _emulator.Host.ForceFaults("deck", "slow", 1); // Deck's and BrowserAct's next requests stall for 10 s
        _emulator.Host.ForceFaults("browseract", "slow", 1);
        var (shell, handle) = _ps.Begin("Get-TaskRun -All");
        using (shell)
        {
            await Task.Delay(700);
            Assert.False(handle.IsCompleted, "the stalled requests should still be in flight");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            shell.Stop();
            Assert.True(handle.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        }
    }

    [Fact]
    public void Tasks_of_several_providers_come_out_together()
    {
        Connect(Everyone);
        var tasks = _ps.Run("Get-TaskRunTask -Provider *").ThrowIfErrors().Output;
        foreach (string provider in Everyone)
            Assert.Equal(_emulator.Host.Store.TaskIds(ProviderCase.Named(provider).Emulator).Order(),
                tasks.Where(t => t.Properties["Provider"].Value.ToString() == provider).Select(t => t.Properties["TaskId"].Value.ToString()!).Order());
    }

    [Fact]
    public void A_page_across_providers_is_refused_clearly()
    {
        Connect(Everyone);
        var error = Assert.Single(_ps.Run("Get-TaskRunPage -Provider Anchor,Deck").AllErrors);
        Assert.Equal("PageNeedsOneProvider,TaskRuns.Commands.GetTaskRunPageCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Get-TaskRun -First and -Skip", error.Exception.Message);
    }

    [Fact]
    public void Runs_of_mixed_providers_pipe_into_get_wait_and_stop()
    {
        Connect(Everyone);
        var listed = _ps.Run("Get-TaskRun -Status Success -First 12").ThrowIfErrors().Runs();
        Assert.True(listed.Select(r => r.Provider).Distinct().Count() >= 2, "the newest successes come from several providers");

        var got = _ps.Run("Get-TaskRun -Status Success -First 12 | Get-TaskRun").ThrowIfErrors().Runs();
        var waited = _ps.Run("Get-TaskRun -Status Success -First 12 | Wait-TaskRun -Timeout 00:00:30").ThrowIfErrors().Runs();

        Assert.Equal(listed.Select(Key), got.Select(Key));
        Assert.Equal(listed.Select(Key).Order(), waited.Select(Key).Order());
        Assert.All(waited, r => Assert.Equal("Success", r.Status));
    }

    [Fact]
    public void TaskId_completes_from_every_named_provider()
    {
        Connect("Anchor", "Deck");
        using var shell = PowerShell.Create();
        shell.Runspace = _ps.Runspace;
        string input = "Get-TaskRun -Provider Anchor,Deck -TaskId ";
        var completed = CommandCompletion.CompleteInput(input, input.Length, null, shell).CompletionMatches.Select(c => c.CompletionText).ToList();

        Assert.Equal(_emulator.Host.Store.TaskIds("anchor").Concat(_emulator.Host.Store.TaskIds("deck")).Order(), completed.Order());
    }
}
