using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// -First/-Skip request no page whose runs cannot be needed, and a pipeline stopped after a few runs (Select-Object
/// -First) costs a few requests: pages ahead ramp up (1, 2, 4, …) instead of starting the throttle's worth at once.
/// Against rate-limited APIs every page fetched for nothing burns quota.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class FetchOnlyWhatIsNeededTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public FetchOnlyWhatIsNeededTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    public static TheoryData<string> Providers() => new(ProviderCase.All.Select(p => p.Name));

    private (List<string> Ids, long ListRequests) List(ProviderCase provider, string task, string arguments)
    {
        var stats = _emulator.Host.Stats.For(provider.Emulator);
        // From a settled count: a request of a pipeline the test before stopped may reach the emulator late.
        long before = stats.AnsweredListRequestsSettled();
        var runs = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] {arguments}", task).ThrowIfErrors().Runs();
        return (runs.Select(r => r.Id).ToList(), stats.ListRequestsAnswered - before);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void First_3_with_pages_of_3_is_exactly_one_list_request(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var (ids, requests) = List(provider, task, "-First 3 -PageSize 3");
        Assert.Equal(provider.ExpectedIds(_emulator.Host, task).Take(3), ids);
        Assert.Equal(1, requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Skip_and_First_fetch_exactly_the_pages_that_hold_them(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var expected = provider.ExpectedIds(_emulator.Host, task);

        // Runs 5..7 of pages of 3: pages 1-3 hold rows 1-9; the fourth page cannot be needed.
        var (ids, requests) = List(provider, task, "-Skip 4 -First 3 -PageSize 3");
        Assert.Equal(expected.Skip(4).Take(3), ids);
        Assert.Equal(3, requests);

        // 40 runs in pages of 5: eight pages, however many could be fetched at once.
        (ids, requests) = List(provider, task, "-First 40 -PageSize 5");
        Assert.Equal(expected.Take(40), ids);
        Assert.Equal(8, requests);
    }

    public static TheoryData<string, int> ProvidersAndPauses()
    {
        var data = new TheoryData<string, int>();
        foreach (ProviderCase provider in ProviderCase.All)
        {
            data.Add(provider.Name, 0);
            // A downstream that takes its time before it stops: every page the buffers can hold has arrived by then,
            // and the next is in flight. The write that stops the pipeline frees a batch slot; before the fix the
            // producer took it, handed one more page over and started a 7th request in about half of the attempts.
            data.Add(provider.Name, 300);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndPauses))]
    public void A_pipeline_stopped_after_three_runs_of_All_costs_a_few_requests(string providerName, int pauseMs)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var expected = provider.ExpectedIds(_emulator.Host, task);
        Assert.True(expected.Count / 5 >= 40, "the task needs many pages for this test");

        var stats = _emulator.Host.Stats.For(provider.Emulator);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            // From a settled count too (see List).
            long before = stats.AnsweredListRequestsSettled();
            // What Select-Object -First 3 does (the hosted SDK has no Utility module): downstream stops the pipeline
            // after the third run; `break` out of the enclosing loop stops every upstream command at once.
            var result = _ps.Run($$"""
                $ids = [System.Collections.Generic.List[string]]::new()
                $pauseMs = $args[1]
                do {
                    Get-TaskRun @{{provider.Splat}} -TaskId $args[0] -All -PageSize 5 | ForEach-Object {
                        $ids.Add($_.Id)
                        if ($ids.Count -ge 3) { if ($pauseMs) { [System.Threading.Thread]::Sleep($pauseMs) }; break }
                    }
                } while ($false)
                , $ids.ToArray()
                """, task, pauseMs).ThrowIfErrors();
            var ids = ((object[])result.Output[0].BaseObject).Cast<string>().ToList();
            // The stopped command's requests in flight are cancelled, but each one started reaches the emulator (or
            // not): wait for them to settle before counting.
            long requests = stats.AnsweredListRequestsSettled() - before;
            Assert.Equal(expected.Take(3), ids);
            // Whatever the timing: the pipeline stops within the first page, while the cmdlet holds at most four pages
            // for it and the lister a fifth. The ramp follows the pages the pipeline has written — none — so one page
            // stays ahead: at most 5 + 1 = 6 requests. A ramp counted in pages handed out started 7; starting the
            // throttle's 8 pages once the first page told the total (the behaviour before any ramp) is already 9.
            Assert.True(requests is >= 1 and <= 6, $"{requests} list requests for a pipeline stopped after 3 runs (pause {pauseMs} ms)");
        }
    }

    [Theory]
    [InlineData("RunWisp", "-Status Failure")]
    [InlineData("Deck", "-Status Failure")]
    public void With_a_client_side_filter_First_still_gets_every_run_it_asks_for(string providerName, string filter)
    {
        // Pages may keep none of their runs, so the pages needed are not known ahead; reading on must still find them.
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var all = _ps.Run($"Get-TaskRun @{provider.Splat} -TaskId $args[0] {filter} -All", task).ThrowIfErrors().Runs().Select(r => r.Id).ToList();
        Assert.True(all.Count >= 12, $"the filter needs matches for this test ({all.Count})");
        var (ids, _) = List(provider, task, $"{filter} -Skip 2 -First 10 -PageSize 5");
        Assert.Equal(all.Skip(2).Take(10), ids);
    }
}
