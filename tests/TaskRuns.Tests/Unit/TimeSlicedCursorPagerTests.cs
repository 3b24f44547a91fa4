using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;

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
        private int _inFlight;

        public FakeDeck(int count, int tie)
        {
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            _runs = Enumerable.Range(0, count)
                .Select(i => new TaskRun { Id = $"run{i:D5}", CreatedAt = start.AddMilliseconds(-(i / tie) * 7) })
                .ToList();
        }

        public IReadOnlyList<string> Ids => _runs.Select(r => r.Id).ToList();

        public Task<ProviderPage> Page(PagePosition position, CancellationToken token) => Range(null, null, position, 10, token);

        public async Task<ProviderPage> Range(DateTimeOffset? from, DateTimeOffset? before, PagePosition position, int size, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            int now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                await Task.Delay(1, token);
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

    private static async Task<List<string>> ListAsync(FakeDeck api, int throttle, long? rowsWanted = null, int? stopAfter = null)
    {
        var pager = new TimeSlicedCursorPager(api.Page, api.Range, 10, throttle, null, TaskRunProvider.Deck, NullCommandLog.Instance, rowsWanted);
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
    public async Task Stopping_early_reads_only_the_first_pages_sequentially()
    {
        var api = new FakeDeck(1_500, 3);
        List<string> first = await ListAsync(api, throttle: 6, stopAfter: 3);
        Assert.Equal(api.Ids.Take(10), first); // the first page
        Assert.True(api.Requests <= 2, $"{api.Requests} requests for one page"); // the first page and its prefetch
    }
}
