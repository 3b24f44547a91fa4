using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Tests.Infrastructure;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// The time-sliced pager against a fake newest-first cursor API where runs share creation times in groups (ties), so
/// slice edges, cut at whole milliseconds, land on tied runs: the result must still be exactly the sequential listing.
/// </summary>
public class TimeSlicedCursorPagerTests
{
    /// <summary>Newest first; groups of <c>tie</c> runs share one whole-millisecond time. Deck's bounds: both exclusive, whole ms.</summary>
    private sealed class FakeDeck
    {
        private readonly List<TaskRun> _runs;
        public int Requests;
        public int MaxInFlight;

        /// <summary>How long the fake takes to answer, in ms.</summary>
        public int DelayMs { get; init; } = 1;
        private int _inFlight;

        /// <summary>Pages requested per (from, before) range: how many pages one cursor was read for.</summary>
        public readonly System.Collections.Concurrent.ConcurrentDictionary<(DateTimeOffset?, DateTimeOffset?), int> PagesPerRange = new();

        public FakeDeck(int count, int tie)
            : this(Enumerable.Range(0, count).Select(i => Start.AddMilliseconds(-(i / tie) * 7)))
        {
        }

        /// <summary>Runs created at <paramref name="times"/> (newest first).</summary>
        public FakeDeck(IEnumerable<DateTimeOffset> times)
        {
            _runs = times.Select((at, i) => new TaskRun { Id = $"run{i:D5}", CreatedAt = at }).ToList();
        }

        public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public IReadOnlyList<string> Ids => _runs.Select(r => r.Id).ToList();

        public Task<ProviderPage> Page(PagePosition position, CancellationToken token) => Range(null, null, position, 10, token);

        public async Task<ProviderPage> Range(DateTimeOffset? from, DateTimeOffset? before, PagePosition position, int size, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            if (size > 1) PagesPerRange.AddOrUpdate((from, before), 1, (_, n) => n + 1); // probes (one run) are not pages
            int now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                await Task.Delay(DelayMs, token);
                // As the Deck adapter sends them: created_after = from - 1 ms, created_before = before, both exclusive.
                DateTimeOffset? after = from?.AddMilliseconds(-1);
                int start = position.Cursor is null ? 0 : int.Parse(position.Cursor);
                var matching = _runs.Select((run, index) => (run, index))
                    .Where(p => p.index >= start && (after is null || p.run.CreatedAt > after) && (before is null || p.run.CreatedAt < before))
                    .Take(size + 1).ToList();
                var items = matching.Take(size).Select(p => p.run).ToList();
                bool more = matching.Count > size;
                return new ProviderPage(position, items) { HasMore = more, NextCursor = more ? (matching[size].index).ToString() : null };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private static async Task<List<string>> ListAsync(FakeDeck api, int throttle, long? rowsWanted = null, int? stopAfter = null, ICommandLog? log = null)
    {
        // The fake answers within a millisecond or two: slicing is asked for whatever the round trip.
        var pager = new TimeSlicedCursorPager(api.Page, api.Range, 10, throttle, null, TaskRunProvider.Deck, log ?? NullCommandLog.Instance, rowsWanted,
            slicesFromRoundTrip: TimeSpan.Zero);
        var ids = new List<string>();
        await foreach (ProviderPage page in pager.ReadAsync())
        {
            ids.AddRange(page.Items.Select(r => r.Id));
            if (stopAfter is int n && ids.Count >= n) break;
        }
        return ids;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(23)]
    public async Task Ties_at_slice_edges_give_exactly_the_sequential_listing(int tie)
    {
        var api = new FakeDeck(1_500, tie);
        List<string> sliced = await ListAsync(api, throttle: 6);
        Assert.Equal(api.Ids, sliced);
        Assert.True(api.MaxInFlight > 1, "slices should be paged concurrently");
        Assert.True(api.MaxInFlight <= 6, $"{api.MaxInFlight} requests in flight, throttle 6");
    }

    [Fact]
    public async Task With_the_rate_limit_nearly_spent_by_others_the_listing_stays_on_its_cursor()
    {
        // Sixteen runspaces listing one Deck key: at the moment a listing could slice, the shared budget is nearly
        // spent. Probes and slices would only add requests that wait, so it reads on one cursor to the end — even once
        // the budget has room again (here after page 12), when the listing is well under way. Exact, and no request
        // beyond the sequential walk's 150 pages.
        var api = new FakeDeck(1_500, 3);
        int pagesServed = 0;
        var log = new RecordingLog();
        var pager = new TimeSlicedCursorPager(
            (p, t) => { Interlocked.Increment(ref pagesServed); return api.Page(p, t); }, api.Range, 10, 6, null, TaskRunProvider.Deck, log, null,
            budgetLeft: () => Volatile.Read(ref pagesServed) < 12 ? 13 : 500, slicesFromRoundTrip: TimeSpan.Zero);
        var ids = new List<string>();
        await foreach (ProviderPage page in pager.ReadAsync()) ids.AddRange(page.Items.Select(r => r.Id));
        Assert.Equal(api.Ids, ids);
        Assert.Single(log.VerboseLines, v => v.Contains("on one cursor") && v.Contains("13 request(s) left") && v.Contains("needs 14"));
        Assert.Equal(150, api.Requests);

        // With room at that moment (14 = 8 probes + 6 slices' first pages), it slices as usual.
        var roomy = new FakeDeck(1_500, 3);
        var sliced = new TimeSlicedCursorPager(roomy.Page, roomy.Range, 10, 6, null, TaskRunProvider.Deck, NullCommandLog.Instance, null, budgetLeft: () => 14,
            slicesFromRoundTrip: TimeSpan.Zero);
        var all = new List<string>();
        await foreach (ProviderPage page in sliced.ReadAsync()) all.AddRange(page.Items.Select(r => r.Id));
        Assert.Equal(roomy.Ids, all);
        Assert.True(roomy.PagesPerRange.Count > 1, "the listing did not slice with the budget's room");
    }

    [Fact]
    public async Task A_server_that_answers_at_once_is_read_on_one_cursor_and_a_distant_one_by_slices()
    {
        // Pages back within about a millisecond, against a threshold of 50 ms: more cursors would not list sooner, so
        // the listing reads its one cursor — every page once, no probe, no slice — and -Verbose says why.
        var near = new FakeDeck(600, 3);
        var log = new RecordingLog();
        var pager = new TimeSlicedCursorPager(near.Page, near.Range, 10, 6, null, TaskRunProvider.Deck, log, null, slicesFromRoundTrip: TimeSpan.FromMilliseconds(50));
        var ids = new List<string>();
        await foreach (ProviderPage page in pager.ReadAsync()) ids.AddRange(page.Items.Select(r => r.Id));
        Assert.Equal(near.Ids, ids);
        Assert.Equal(60, near.Requests);
        Assert.Equal(new[] { ((DateTimeOffset?)null, (DateTimeOffset?)null) }, near.PagesPerRange.Keys);
        Assert.Single(log.VerboseLines, v => v.Contains("on one cursor: its pages come back within") && v.Contains("from 50 ms"));

        // Pages that take 30 ms each, against a threshold of 20 ms: the cursor waits on the network, so it slices.
        var far = new FakeDeck(600, 3) { DelayMs = 30 };
        var farLog = new RecordingLog();
        var sliced = new TimeSlicedCursorPager(far.Page, far.Range, 10, 6, null, TaskRunProvider.Deck, farLog, null, slicesFromRoundTrip: TimeSpan.FromMilliseconds(20));
        var all = new List<string>();
        await foreach (ProviderPage page in sliced.ReadAsync()) all.AddRange(page.Items.Select(r => r.Id));
        Assert.Equal(far.Ids, all);
        Assert.True(far.PagesPerRange.Count > 1, "the listing did not slice with pages taking longer than the threshold");
        Assert.Contains(farLog.VerboseLines, v => v.Contains("creation-time slices") && v.Contains("at the fastest"));
    }

    [Fact]
    public async Task Stopping_early_reads_only_the_first_pages_sequentially()
    {
        var api = new FakeDeck(1_500, 3);
        List<string> first = await ListAsync(api, throttle: 6, stopAfter: 3);
        Assert.Equal(api.Ids.Take(10), first); // the first page
        Assert.True(api.Requests <= 2, $"{api.Requests} requests for one page"); // the first page and its prefetch
    }

    /// <summary>
    /// Sparse runs (one a second) around a burst of 2,000 runs, <c>tie</c> to a millisecond (2 s to 87 ms): the
    /// first pages say nothing of the burst, so the slices planned from them put it in one slice of 200 pages. That slice
    /// is split once it turns out dense (and its parts again), so no cursor is read for more than a few dozen pages, and
    /// the listing is still exactly the sequential one, ties at every new edge included.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(23)]
    public async Task A_slice_that_turns_out_dense_is_split_while_listing_and_stays_exact(int tie)
    {
        var times = new List<DateTimeOffset>();
        DateTimeOffset at = FakeDeck.Start;
        for (int i = 0; i < 60; i++, at = at.AddSeconds(-1)) times.Add(at);
        for (int i = 0; i < 2_000; i++) times.Add(at.AddMilliseconds(-(i / tie)));
        at = at.AddMilliseconds(-(2_000 / tie) - 1);
        for (int i = 0; i < 300; i++, at = at.AddSeconds(-1)) times.Add(at);
        var api = new FakeDeck(times);
        var log = new RecordingLog();

        List<string> sliced = await ListAsync(api, throttle: 6, log: log);

        Assert.Equal(api.Ids, sliced);
        int longest = api.PagesPerRange.Where(p => p.Key != (null, null)).Max(p => p.Value);
        Assert.True(longest <= 40, $"one slice's cursor was read for {longest} pages of the 200 the burst holds");
        Assert.Contains(log.VerboseLines, l => l.Contains("is dense"));
        Assert.True(api.MaxInFlight <= 6, $"{api.MaxInFlight} requests in flight, throttle 6");
        Assert.True(api.Requests < 2_360 / 10 * 1.6, $"{api.Requests} requests for {2_360 / 10} pages");
    }
}
