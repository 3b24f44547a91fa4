using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Deck's cursor pages are sequential by nature; -All pages creation-time slices concurrently instead. Whatever the
/// slicing, the result is exactly a sequential listing: the same runs, each once, in the same order (newest first).
/// -ThrottleLimit 1 keeps the listing sequential (the comparison). The emulator answers across a network's latency
/// here (slicing pays only then); on loopback without it the listing stays on its one cursor (the last test).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class DeckTimeSliceTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly NetworkLatency _latency;

    public DeckTimeSliceTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        _latency = new NetworkLatency(emulator.Host);
    }

    public void Dispose()
    {
        _latency.Dispose();
        _ps.Dispose();
    }

    private (List<string> Ids, List<string> Verbose) List(string arguments)
    {
        var result = _ps.Run($"Get-TaskRun @deck {arguments} -Verbose").ThrowIfErrors();
        return (result.Runs().Select(r => r.Id).ToList(), result.Verbose);
    }

    [Fact]
    public void All_by_time_slices_is_exactly_the_sequential_listing()
    {
        var oracle = _emulator.Host.Store.Runs("deck").Select(r => r.Id).ToList();
        Assert.True(oracle.Count / 10 >= 60, "many pages are needed for slicing");

        var (sequential, sequentialVerbose) = List("-All -PageSize 10 -ThrottleLimit 1");
        var (sliced, slicedVerbose) = List("-All -PageSize 10");

        Assert.Equal(oracle, sequential);
        Assert.Equal(sequential, sliced);
        Assert.DoesNotContain(sequentialVerbose, v => v.Contains("creation-time slices"));
        Assert.True(slicedVerbose.Any(v => v.Contains("creation-time slices")),
            $"not sliced (emulator latency {_emulator.Host.Options.LatencyMs} ms): " + string.Join(" | ", slicedVerbose.Take(40)));
    }

    [Fact]
    public void Slicing_keeps_the_order_and_set_with_a_filter_and_within_Since_and_Until()
    {
        var runs = _emulator.Host.Store.Runs("deck");
        DateTimeOffset since = runs[^1].CreatedAt + (runs[0].CreatedAt - runs[^1].CreatedAt) / 4;
        DateTimeOffset until = runs[0].CreatedAt - (runs[0].CreatedAt - runs[^1].CreatedAt) / 8;
        _ps.SetVariable("since", since.UtcDateTime);
        _ps.SetVariable("until", until.UtcDateTime);
        var oracle = runs.Where(r => r.CreatedAt >= since && r.CreatedAt <= until && r.Status != "queued").Select(r => r.Id).ToList();

        var (sequential, _) = List("-All -PageSize 5 -Since $since -Until $until -Status completed,failed,canceled,running,canceling,interaction_required -ThrottleLimit 1");
        var (sliced, verbose) = List("-All -PageSize 5 -Since $since -Until $until -Status completed,failed,canceled,running,canceling,interaction_required");

        Assert.Equal(sequential, sliced);
        Assert.Contains(verbose, v => v.Contains("creation-time slices"));
        Assert.Equal(oracle.Where(id => sequential.Contains(id)), sequential); // same order as the API
    }

    [Fact]
    public void Faults_during_sliced_paging_lose_and_repeat_nothing()
    {
        var oracle = _emulator.Host.Store.Runs("deck").Select(r => r.Id).ToList();
        // Faults on list requests once slicing has begun (after the first sequential pages).
        _emulator.Host.ForceFaults("deck", "500", 2, afterRequests: 8, path: "/v2/task-runs");
        _emulator.Host.ForceFaults("deck", "reset", 1, afterRequests: 12, path: "/v2/task-runs");
        _emulator.Host.ForceFaults("deck", "truncated", 1, afterRequests: 15, path: "/v2/task-runs");
        var (sliced, _) = List("-All -PageSize 10");
        Assert.Equal(oracle, sliced);
    }

    [Fact]
    public void First_stops_slicing_early_and_First_3_stays_one_request()
    {
        var oracle = _emulator.Host.Store.Runs("deck").Select(r => r.Id).ToList();
        var stats = _emulator.Host.Stats.Deck;
        long before = stats.AnsweredListRequestsSettled(); // the test before may have stopped a listing with requests out
        var (three, _) = List("-First 3 -PageSize 3");
        Assert.Equal(oracle.Take(3), three);
        Assert.Equal(1, stats.ListRequestsAnswered - before);

        // -First 300 could use slices, but slices read ahead may hold runs it never needs: the cursor goes on alone
        // and fetches exactly the 60 pages that hold the 300 runs.
        before = stats.ListRequestsAnswered;
        var (some, verbose) = List("-First 300 -PageSize 5");
        Assert.Equal(oracle.Take(300), some);
        Assert.DoesNotContain(verbose, v => v.Contains("creation-time slices"));
        Assert.Equal(60, stats.ListRequestsAnswered - before);

        // A pipeline that stops after 300 runs of -All stops the slices too: the 60 pages it used, the probes, and what
        // the slices had read ahead (at most 8 pages buffered per slice, throttle + 1 slices, each ending on a short
        // page) — not every page. -ThrottleLimit 6 so the bound is below this 143-page listing: at the default 16, the
        // 17 slices may hold 136 pages, the whole listing (the price of -All | Select-Object -First N; -First N
        // itself does not slice, above).
        const int throttle = 6;
        before = stats.AnsweredListRequestsSettled();
        var stopped = _ps.Run("""
            $ids = [System.Collections.Generic.List[string]]::new()
            do { Get-TaskRun @deck -All -PageSize 5 -ThrottleLimit $args[0] | ForEach-Object { $ids.Add($_.Id); if ($ids.Count -ge 300) { break } } } while ($false)
            , $ids.ToArray()
            """, throttle).ThrowIfErrors();
        long requests = stats.AnsweredListRequestsSettled() - before;
        Assert.Equal(oracle.Take(300), ((object[])stopped.Output[0].BaseObject).Cast<string>());
        long bound = 60 + 8 + (throttle + 1) * 8 + (throttle + 1);
        Assert.True(requests <= bound && requests < oracle.Count / 5, $"{requests} list requests for 300 of {oracle.Count} runs (bound {bound})");
    }

    [Fact]
    public void A_server_that_answers_at_once_is_read_on_one_cursor()
    {
        // Without the latency, the emulator on loopback answers a page within a millisecond: slices would only add
        // probes and slice ends on the same two cores, so -All reads its one cursor, exactly the sequential walk's
        // pages, and -Verbose says why. The decision is made from measured round trips; on a loaded machine a round
        // trip can take over 2 ms, so the listing is tried up to three times (each is exact, whichever way it goes).
        _latency.Dispose();
        var oracle = _emulator.Host.Store.Runs("deck").Select(r => r.Id).ToList();
        var stats = _emulator.Host.Stats.Deck;
        for (int attempt = 1; ; attempt++)
        {
            long before = stats.AnsweredListRequestsSettled();
            var (ids, verbose) = List("-All -PageSize 10");
            long requests = stats.AnsweredListRequestsSettled() - before;
            Assert.Equal(oracle, ids);
            if (verbose.Any(v => v.Contains("creation-time slices")) && attempt < 3) continue;
            Assert.Contains(verbose, v => v.StartsWith("Deck: reading the listing on one cursor: its pages come back within", StringComparison.Ordinal));
            Assert.DoesNotContain(verbose, v => v.Contains("creation-time slices"));
            Assert.Equal((oracle.Count + 9) / 10 + (oracle.Count % 10 == 0 ? 1 : 0), requests);
            break;
        }
    }
}

/// <summary>Runs are inserted (newest) on every list request while the sliced listing pages.</summary>
public sealed class DeckTimeSliceWhileInsertingTests : IClassFixture<InsertingEmulatorFixture>, IDisposable
{
    private readonly InsertingEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public DeckTimeSliceWhileInsertingTests(InsertingEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        _latency = new NetworkLatency(emulator.Host);
    }

    private readonly NetworkLatency _latency;

    public void Dispose()
    {
        _latency.Dispose();
        _ps.Dispose();
    }

    [Fact]
    public void Runs_inserted_while_slicing_are_not_listed_and_nothing_is_lost_or_repeated()
    {
        var result = _ps.Run("Get-TaskRun @deck -All -PageSize 5 -Verbose").ThrowIfErrors();
        var listed = result.Runs();
        Assert.Contains(result.Verbose, v => v.Contains("creation-time slices"));
        Assert.True(listed.Count / 5 >= 90, $"{listed.Count} runs: too few pages");

        // A cursor listing sees the runs that existed at its first page (that page's own inserts included), newest first.
        var created = _emulator.Host.Store.Runs("deck").ToDictionary(r => r.Id, r => r.CreatedAt);
        DateTimeOffset newest = created[listed[0].Id];
        var expected = _emulator.Host.Store.Runs("deck").Where(r => r.CreatedAt <= newest).Select(r => r.Id).ToList();
        Assert.Equal(expected, listed.Select(r => r.Id).ToList());
        Assert.True(_emulator.Host.Stats.Deck.RunsInserted > listed.Count / 5, "runs were inserted while paging");
    }
}
