using System.Collections.Concurrent;
using System.Management.Automation;
using System.Text.RegularExpressions;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>An emulator of its own (faults are forced per emulator): 95 runs per task, so -PageSize 10 gives 10 pages.</summary>
public sealed class FaultMatrixFixture : EmulatorFixture
{
    public const int PageSize = 10;

    protected override void Configure(EmulatorOptions options)
    {
        options.RunsPerTask = 95;
        options.TasksPerProvider = 2;
    }

    /// <summary>The fault-free listing of each provider's first task: ids in order and the page each list request asked for.</summary>
    public ConcurrentDictionary<string, (List<string> Ids, List<string> Positions)> Baselines { get; } = new();
}

/// <summary>
/// Every provider × every transient fault: Get-TaskRun -All gives exactly the fault-free listing. Each test first shows
/// the fault really happened (emulator counters), then that the fault neither restarted paging nor dropped or repeated a
/// page (the emulator's own log of list requests), and what -Verbose said about each retry.
/// </summary>
public sealed class FaultMatrixTests : IClassFixture<FaultMatrixFixture>, IDisposable
{
    private static readonly string[] TransientKinds =
        ["429", "429-no-retry-after", "429-date", "500", "502", "503", "504", "408", "reset", "truncated", "html", "empty"];

    private readonly FaultMatrixFixture _emulator;
    private readonly PowerShellSession _ps;

    public FaultMatrixTests(FaultMatrixFixture emulator)
    {
        _emulator = emulator;
        ClearForcedFaults();
        _emulator.Host.Options.FaultRate = 0;
        _ps = emulator.NewSession();
    }

    private EmulatorHost Host => _emulator.Host;

    public void Dispose()
    {
        ClearForcedFaults();
        _emulator.Host.Options.FaultRate = 0;
        _ps.Dispose();
    }

    private void ClearForcedFaults()
    {
        using var http = new HttpClient();
        http.DeleteAsync(new Uri(_emulator.BaseUri, "_emulator/faults")).GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in ProviderCase.All)
            foreach (string kind in TransientKinds)
                data.Add(provider.Name, kind);
        return data;
    }

    private const string ListAll = "Get-TaskRun @{0} -TaskId $args[0] -All -PageSize 10 -ThrottleLimit 1 -Verbose";

    /// <summary>The fault-free listing, checked once against the emulator's data (the oracle), with the pages it asked for.</summary>
    private (List<string> Ids, List<string> Positions) Baseline(ProviderCase provider, string task) =>
        _emulator.Baselines.GetOrAdd(provider.Name, _ =>
        {
            Host.Stats.Reset();
            var result = _ps.Run(string.Format(ListAll, provider.Splat), task).ThrowIfErrors();
            var ids = result.Runs().Select(r => r.Id).ToList();
            Assert.Equal(provider.ExpectedIds(Host, task), ids);
            Assert.Equal(0, Host.Stats.For(provider.Emulator).FaultsInjected.Values.Sum());
            var positions = provider.ListPositions(Host);
            Assert.True(positions.Count >= 10, $"{provider}: {positions.Count} pages; the matrix needs a fault mid-way");
            Assert.DoesNotContain(result.Verbose, v => v.Contains(" failed ("));
            return (ids, positions);
        });

    [Theory]
    [MemberData(nameof(Matrix))]
    public void A_transient_fault_on_page_three_is_retried_there_and_the_listing_equals_the_fault_free_one(string providerName, string kind)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        var baseline = Baseline(provider, task);
        int count = kind.StartsWith("429", StringComparison.Ordinal) ? 1 : 2; // a Retry-After of 1 s really waits: keep those few

        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, kind, count, afterRequests: 2);
        var result = _ps.Run(string.Format(ListAll, provider.Splat), task);

        // The fault happened, as often as forced.
        Assert.Equal(count, Host.Stats.For(provider.Emulator).FaultCount(kind));
        // Exactly the fault-free result: same ids, same order, no error.
        Assert.Empty(result.AllErrors);
        Assert.Equal(baseline.Ids, result.Runs().Select(r => r.Id));
        // Page 3 was asked for again (once per fault) and paging went on from there: nothing restarted, dropped or repeated.
        var expectedPositions = baseline.Positions.Take(2)
            .Concat(Enumerable.Repeat(baseline.Positions[2], count))
            .Concat(baseline.Positions.Skip(2)).ToList();
        Assert.Equal(expectedPositions, provider.ListPositions(Host));

        // -Verbose shows each retry: which request, what went wrong, how long it waits; never a secret.
        var retries = result.Verbose.Where(v => v.Contains(" failed (")).ToList();
        Assert.Equal(count, retries.Count);
        for (int i = 0; i < retries.Count; i++)
        {
            string line = retries[i];
            Assert.StartsWith(provider.Name + ": GET ", line);
            Assert.Matches($"[?&]{provider.PositionParameter}={Regex.Escape(baseline.Positions[2])}[& ]", line);
            Assert.Contains($"retry {i + 1} of 5 in ", line);
            AssertDescribesFault(provider, kind, line);
        }
        Assert.All(result.Verbose, v => AssertNoSecret(v));
    }

    private static void AssertDescribesFault(ProviderCase provider, string kind, string line)
    {
        TimeSpan wait = WaitOf(line);
        bool deck = provider == ProviderCase.Deck; // Deck never sends Retry-After: plain exponential backoff
        switch (kind)
        {
            case "429":
                Assert.Contains("HTTP 429", line);
                if (deck)
                {
                    Assert.DoesNotContain("Retry-After", line);
                    Assert.True(wait < TimeSpan.FromSeconds(1), line); // backoff from the 20 ms test base delay
                }
                else
                {
                    Assert.Contains("Retry-After 1.0 s", line);
                    Assert.Equal(TimeSpan.FromSeconds(1), wait); // honoured exactly
                }
                break;
            case "429-no-retry-after":
                Assert.Contains("HTTP 429", line);
                Assert.DoesNotContain("Retry-After", line);
                Assert.True(wait < TimeSpan.FromSeconds(1), line);
                break;
            case "429-date":
                Assert.Contains("HTTP 429", line);
                if (deck) Assert.DoesNotContain("Retry-After", line);
                else
                {
                    Assert.Contains("Retry-After", line);
                    Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1.6)); // the date lies 0.5–1.5 s ahead
                }
                break;
            case "html":
                Assert.Contains("HTTP 502", line);
                break;
            case "truncated":
            case "empty":
                Assert.Contains("HTTP 200 InvalidResponse", line);
                break;
            case "reset":
                Assert.DoesNotContain("HTTP ", line.Substring(line.IndexOf(" failed (", StringComparison.Ordinal)));
                break;
            default:
                Assert.Contains("HTTP " + kind, line);
                Assert.DoesNotContain("Retry-After", line);
                break;
        }
        if (kind is "500" or "502" or "503" or "504" or "408" or "html" or "429-no-retry-after") Assert.Contains("request id ", line);
    }

    private static TimeSpan WaitOf(string line)
    {
        var match = Regex.Match(line, @" in (?<n>[0-9.]+) (?<unit>ms|s)\.$");
        Assert.True(match.Success, "no wait in: " + line);
        double n = double.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "ms" ? TimeSpan.FromMilliseconds(n) : TimeSpan.FromSeconds(n);
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(EmulatorFixture.ApiKey, text);
        Assert.DoesNotContain(EmulatorFixture.RunWispPassword, text);
    }

    [Fact]
    public void A_random_mix_of_faults_over_every_provider_still_gives_every_listing_exactly()
    {
        var tasks = ProviderCase.All.ToDictionary(p => p, p => p.FirstTask(Host));
        var baselines = ProviderCase.All.ToDictionary(p => p, p => Baseline(p, tasks[p]));

        Host.Stats.Reset();
        Host.Options.Faults = TransientKinds;
        Host.Options.FaultRate = 0.2;
        var results = new Dictionary<ProviderCase, PowerShellResult>();
        try
        {
            // Default concurrency this time (page and offset providers fetch 4 pages at once); 10 retries make a run of
            // eleven faults on one request (0.2^11) practically impossible. Deck stays on its one cursor here (its
            // requests are compared with the sequential baseline's cursors); DeckTimeSliceTests covers faults while slicing.
            foreach (var provider in ProviderCase.All)
                results[provider] = _ps.Run(
                    $"Get-TaskRun @{provider.Splat} -TaskId $args[0] -All -PageSize 10 -MaxRetries 10 -Verbose{(provider == ProviderCase.Deck ? " -ThrottleLimit 1" : "")}",
                    tasks[provider]);
        }
        finally
        {
            Host.Options.FaultRate = 0;
        }

        long allFaults = 0;
        var kindsSeen = new HashSet<string>();
        foreach (var provider in ProviderCase.All)
        {
            var stats = Host.Stats.For(provider.Emulator);
            long faults = stats.FaultsInjected.Values.Sum();
            allFaults += faults;
            kindsSeen.UnionWith(stats.FaultsInjected.Keys);
            var result = results[provider];
            Assert.Empty(result.AllErrors);
            Assert.Equal(baselines[provider].Ids, result.Runs().Select(r => r.Id));
            // Every faulted request was asked again once and nothing else: each page once plus one request per fault.
            Assert.Equal(baselines[provider].Positions.Count + faults, stats.ListRequests);
            Assert.Equal(baselines[provider].Positions.Order(), provider.ListPositions(Host).Distinct().Order());
            Assert.Equal(faults, result.Verbose.Count(v => v.Contains(" failed (")));
        }
        // About 50 list requests at a 20 % fault rate: faults of several kinds happened.
        Assert.True(allFaults >= 3, $"only {allFaults} faults were injected");
        Assert.True(kindsSeen.Count >= 2, "fault kinds seen: " + string.Join(", ", kindsSeen));
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void A_response_that_stays_malformed_fails_after_the_retries_with_InvalidResponse(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        Baseline(provider, task);
        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, "truncated", 100);

        var result = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] -All -PageSize 10 -MaxRetries 2", task);

        Assert.Equal(3, Host.Stats.For(provider.Emulator).FaultCount("truncated")); // the first attempt and two retries
        Assert.Equal(3, Host.Stats.For(provider.Emulator).ListRequests);
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("InvalidResponse,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Matches($"^{provider.Name}: HTTP 200 \\(request id [0-9a-f]{{32}}\\): the response could not be read", error.Exception.Message);
        Assert.Equal(task, error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void MaxRetries_0_makes_the_first_fault_an_error_after_the_pages_before_it(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        var baseline = Baseline(provider, task);
        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, "503", 1, afterRequests: 2);

        var result = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] -All -PageSize 10 -ThrottleLimit 1 -MaxRetries 0 -Verbose", task);

        Assert.Equal(1, Host.Stats.For(provider.Emulator).FaultCount("503"));
        Assert.Equal(baseline.Positions.Take(3), provider.ListPositions(Host)); // pages 1-3, page 3 not asked again, nothing after it
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("ServerError,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains($"{provider.Name}: HTTP 503", error.Exception.Message);
        Assert.Contains("request id", error.Exception.Message);
        Assert.Equal(baseline.Ids.Take(20), result.Runs().Select(r => r.Id)); // the two pages before the fault were output
        Assert.DoesNotContain(result.Verbose, v => v.Contains(" failed ("));
    }

    // ---------- inconsistent pagination (the emulator's paging traps) ----------

    [Fact]
    public void Deck_has_more_without_a_cursor_stops_there_with_a_warning()
    {
        var provider = ProviderCase.Deck;
        string task = provider.FirstTask(Host);
        var baseline = Baseline(provider, task);
        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, "more-no-cursor", 1, afterRequests: 2);

        var result = _ps.Run("Get-TaskRun @deck -TaskId $args[0] -All -PageSize 10", task);

        Assert.Equal(1, Host.Stats.Deck.FaultCount("more-no-cursor"));
        Assert.Empty(result.AllErrors);
        Assert.Equal(baseline.Ids.Take(30), result.Runs().Select(r => r.Id)); // the three pages it got, nothing more
        Assert.Equal(baseline.Positions.Take(3), provider.ListPositions(Host));
        Assert.Contains(result.Warnings, w => w.StartsWith("Deck: the server said more runs exist (has_more) but sent no cursor", StringComparison.Ordinal));
    }

    [Fact]
    public void Deck_repeating_a_cursor_is_a_RepeatedPageCursor_error_after_that_pages_runs()
    {
        var provider = ProviderCase.Deck;
        string task = provider.FirstTask(Host);
        var baseline = Baseline(provider, task);
        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, "repeat-cursor", 1, afterRequests: 2);

        var result = _ps.Run("Get-TaskRun @deck -TaskId $args[0] -All -PageSize 10", task);

        Assert.Equal(1, Host.Stats.Deck.FaultCount("repeat-cursor"));
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("RepeatedPageCursor,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Equal(task, error.TargetObject);
        Assert.Null(result.Terminating);
        Assert.Equal(baseline.Ids.Take(30), result.Runs().Select(r => r.Id));
        Assert.Equal(baseline.Positions.Take(3), provider.ListPositions(Host)); // never asked for the repeated cursor again
    }

    public static TheoryData<string, int> TotalChanges()
    {
        var data = new TheoryData<string, int>();
        foreach (var provider in new[] { ProviderCase.Anchor, ProviderCase.RunWisp, ProviderCase.BrowserAct })
            foreach (int page in new[] { 0, 2, 9 }) // the first page (sets up concurrent paging), one mid-way, the last
                data.Add(provider.Name, page);
        return data;
    }

    [Theory]
    [MemberData(nameof(TotalChanges))]
    public void A_total_that_changes_mid_way_changes_nothing(string providerName, int faultedRequest)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        var baseline = Baseline(provider, task);
        Host.Stats.Reset();
        Host.ForceFaults(provider.Emulator, "total-changes", 1, afterRequests: faultedRequest);

        var result = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] -All -PageSize 10", task);

        Assert.Equal(1, Host.Stats.For(provider.Emulator).FaultCount("total-changes"));
        Assert.Empty(result.AllErrors);
        Assert.Equal(baseline.Ids, result.Runs().Select(r => r.Id));
        var positions = provider.ListPositions(Host);
        // A changed total means rows may have moved: the pages fetched ahead are dropped and the rest read again one by
        // one (so nothing is skipped). Some pages are thus asked twice — never more, and paging never runs away.
        Assert.All(positions.GroupBy(p => p), g => Assert.InRange(g.Count(), 1, 2));
        Assert.InRange(positions.Count, baseline.Positions.Count, 2 * baseline.Positions.Count + 1);
    }

    public static TheoryData<string, string> WrongCredentials() => new()
    {
        { "Anchor", "$s.ApiKey = $args[1]" },
        { "Deck", "$s.ApiKey = $args[1]" },
        { "BrowserAct", "$s.ApiKey = $args[1]" },
        { "RunWisp", "$s.Credential = [pscredential]::new('runwisp', $args[1])" },
    };

    [Theory]
    [MemberData(nameof(WrongCredentials))]
    public void A_wrong_key_or_password_is_terminating_and_never_retried(string providerName, string setWrongSecret)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        const string wrong = "wrong-secret-5d1e";
        Host.Stats.Reset();

        // Two inputs piped in: the first one's 401 ends the command, so the second is never requested.
        var result = _ps.Run($$"""
            $s = ${{provider.Splat}}.Clone(); {{setWrongSecret}}
            try {
                [pscustomobject]@{ TaskId = $args[0] }, [pscustomobject]@{ TaskId = $args[0] } | Get-TaskRun @s -All -ErrorAction SilentlyContinue
                'not caught'
            } catch { $_ }
            """, task, PowerShellSession.Secure(wrong));

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("AuthenticationFailed,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains($"{provider.Name}: HTTP 401", error.Exception.Message);
        Assert.DoesNotContain(wrong, error.ToString() + error.Exception);
        var stats = Host.Stats.For(provider.Emulator);
        if (provider == ProviderCase.RunWisp)
        {
            // One sign-in attempt (challenge + answer), not retried, not repeated for the second input.
            Assert.Equal(1, stats.LoginFailures);
            Assert.Equal(0, stats.Logins);
            Assert.Equal(2, stats.Requests);
            Assert.Equal(0, stats.ListRequests);
        }
        else
        {
            Assert.Equal(1, stats.Requests); // the first page, once
            Assert.Equal(1, stats.ListRequests);
        }
    }

    public static TheoryData<string, string, string, string, ErrorCategory> NonRetryable() => new()
    {
        // provider, script, route the one request went to, error id, category
        { "Deck", "Get-TaskRun @deck -Id trun_doesnotexist", "/v2/task-runs/{runId}", "NotFound", ErrorCategory.ObjectNotFound },
        { "RunWisp", "Get-TaskRun @runwisp -TaskId $args[0] -Id not-a-ulid", "/api/tasks/{taskName}/runs/{runId}", "InvalidRequest", ErrorCategory.InvalidArgument },
        { "BrowserAct", "Get-TaskRun @browseract -Id 1234567890123456789", "/v2/workflow/get-task", "NotFound", ErrorCategory.ObjectNotFound },
        { "Anchor", "Get-TaskRun @anchor -TaskId $args[0] -Id ([guid]::Empty)", "/v1/task/{taskId}/executions/{executionId}", "NotFound", ErrorCategory.ObjectNotFound },
    };

    [Theory]
    [MemberData(nameof(NonRetryable))]
    public void A_client_error_is_not_retried_one_request_one_error(string providerName, string script, string route, string errorId, ErrorCategory category)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(Host);
        Baseline(provider, task); // RunWisp signs in here, so the counters below see only the request under test
        Host.Stats.Reset();

        var result = _ps.Run(script + " -Verbose", task);

        var stats = Host.Stats.For(provider.Emulator);
        var request = Assert.Single(stats.RecentRequests);
        Assert.Equal(route, request.Route);
        var error = Assert.Single(result.AllErrors);
        Assert.Equal(errorId + ",TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Matches($"^{provider.Name}: HTTP (400|404|422) .*request id", error.Exception.Message);
        Assert.DoesNotContain(result.Verbose, v => v.Contains(" failed ("));
    }
}

/// <summary>
/// The "slow" fault needs a small per-attempt timeout (TASKRUNS_ATTEMPT_TIMEOUT_MS), which is process-wide: these run
/// alone in the environment collection.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SlowFaultMatrixTests : IDisposable
{
    private const int AttemptTimeoutMs = 1500;
    private readonly EnvironmentFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly EnvironmentScope _environment;

    public SlowFaultMatrixTests(EnvironmentFixture emulator)
    {
        _emulator = emulator;
        _environment = new EnvironmentScope().Set("TASKRUNS_ATTEMPT_TIMEOUT_MS", AttemptTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _emulator.Host.Options.SlowMs = 6000; // longer than an attempt may take
        _ps = emulator.NewSession();
    }

    public void Dispose()
    {
        _ps.Dispose();
        _environment.Dispose();
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void A_page_that_does_not_answer_in_time_is_abandoned_and_asked_again(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        var host = _emulator.Host;
        string task = provider.FirstTask(host);
        const string list = "Get-TaskRun @{0} -TaskId $args[0] -All -PageSize 10 -ThrottleLimit 1 -Verbose";
        host.Stats.Reset();
        var baseline = _ps.Run(string.Format(list, provider.Splat), task).ThrowIfErrors();
        var baselinePositions = provider.ListPositions(host);
        Assert.Equal(provider.ExpectedIds(host, task), baseline.Runs().Select(r => r.Id));
        Assert.True(baselinePositions.Count >= 4);

        host.Stats.Reset();
        host.ForceFaults(provider.Emulator, "slow", 1, afterRequests: 2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = _ps.Run(string.Format(list, provider.Splat), task);
        watch.Stop();

        Assert.Equal(1, host.Stats.For(provider.Emulator).FaultCount("slow"));
        Assert.Empty(result.AllErrors);
        Assert.Equal(baseline.Runs().Select(r => r.Id), result.Runs().Select(r => r.Id));
        var expected = baselinePositions.Take(3).Append(baselinePositions[2]).Concat(baselinePositions.Skip(3));
        Assert.Equal(expected, provider.ListPositions(host));
        var retry = Assert.Single(result.Verbose, v => v.Contains(" failed ("));
        Assert.Contains("no answer within 1.5 s", retry);
        // It waited for the attempt timeout, not for the stalled answer (6 s).
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(AttemptTimeoutMs), TimeSpan.FromMilliseconds(5500));
    }

    [Fact]
    public void A_server_that_never_answers_in_time_is_a_RequestTimeout_error()
    {
        var provider = ProviderCase.Anchor;
        var host = _emulator.Host;
        host.Stats.Reset();
        host.ForceFaults(provider.Emulator, "slow", 2);

        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All -MaxRetries 1", provider.FirstTask(host));

        Assert.Equal(2, host.Stats.Anchor.FaultCount("slow"));
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("RequestTimeout,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.StartsWith("Anchor: no answer within 1.5 s [GET /v1/task/", error.Exception.Message);
    }
}
