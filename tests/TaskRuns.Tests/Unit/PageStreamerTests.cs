using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Tests.Unit;

public class PageStreamerTests
{
    private sealed class RecordingLog : ICommandLog
    {
        public List<string> Warnings { get; } = new();
        public void Verbose(string message) { }
        public void Warning(string message) { lock (Warnings) Warnings.Add(message); }
    }

    /// <summary>A fake page-number API with 10 pages of 5 runs; records concurrency and cancellations.</summary>
    private sealed class FakePagedApi
    {
        private int _inFlight;
        public int MaxInFlight;
        public int Requests;
        public int Cancelled;
        public int Pages = 10;

        public async Task<ProviderPage> Fetch(PagePosition position, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            int now = Interlocked.Increment(ref _inFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                // Later pages answer faster, so out-of-order completion is exercised.
                await Task.Delay(5 + (Pages - (int)position.Number) * 3, token);
                var runs = Enumerable.Range(0, 5).Select(i => new TaskRun { Id = $"p{position.Number}-{i}" }).ToList();
                return new ProviderPage(position, runs) { TotalPages = Pages, TotalCount = Pages * 5 };
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref Cancelled);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    [Fact]
    public async Task Concurrent_pages_come_out_in_order_and_never_exceed_the_throttle()
    {
        var api = new FakePagedApi();
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 5, throttle: 3, TaskRunProvider.Anchor, NullCommandLog.Instance);
        var order = new List<long>();
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1))) order.Add(page.Position.Number);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), order);
        Assert.True(api.MaxInFlight <= 3, $"max in flight {api.MaxInFlight}");
        Assert.True(api.MaxInFlight >= 2, "pages should overlap");
        Assert.Equal(10, api.Requests);
    }

    [Fact]
    public async Task Sequential_streaming_prefetches_the_next_page_before_handing_out_the_current()
    {
        var api = new FakePagedApi();
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 5, throttle: 1, TaskRunProvider.Anchor, NullCommandLog.Instance);
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1)))
        {
            if (page.Position.Number == 1)
            {
                Assert.Equal(2, api.Requests); // page 2 already requested while page 1 is consumed
                break;
            }
        }
    }

    [Fact]
    public async Task Leaving_early_cancels_requests_still_in_flight()
    {
        var api = new FakePagedApi { Pages = 50 };
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 5, throttle: 4, TaskRunProvider.Anchor, NullCommandLog.Instance);
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1)))
        {
            if (page.Position.Number == 2) break;
        }
        await Task.Delay(100);
        Assert.True(api.Cancelled >= 1, "abandoned page requests must be cancelled");
        Assert.True(api.Requests <= 7, $"requests {api.Requests}: must not keep fetching after the consumer left");
    }

    /// <summary>
    /// A page-number API whose pages all take the same time; records, as each request starts, how many requests are in
    /// flight and how many pages the consumer had taken by then.
    /// </summary>
    private sealed class SteadyPagedApi(int pages, PageConsumption consumption, int rowsPerPage = 5)
    {
        private int _inFlight;
        public int Requests;
        public readonly List<(int InFlight, int PagesTaken)> Starts = new();

        public async Task<ProviderPage> Fetch(PagePosition position, CancellationToken token)
        {
            Interlocked.Increment(ref Requests);
            int now = Interlocked.Increment(ref _inFlight);
            lock (Starts) Starts.Add((now, consumption.Pages));
            try
            {
                await Task.Delay(40, token);
                var runs = Enumerable.Range(0, rowsPerPage).Select(i => new TaskRun { Id = $"p{position.Number}-{i}" }).ToList();
                return new ProviderPage(position, runs) { TotalPages = pages, TotalCount = pages * rowsPerPage };
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    [Fact]
    public async Task The_ramp_follows_pages_taken_so_a_consumer_that_keeps_up_reaches_the_throttle_after_three()
    {
        // The consumer takes each page as it is handed out (Measure-Object, -All into a variable): 1 ahead before the
        // first is taken, 2 after it, 4 after the second, the throttle after the third. A ramp counted in pages handed
        // out reached 8 only after 16 pages, and this listing has 20, so it never did.
        var consumption = new PageConsumption();
        var api = new SteadyPagedApi(20, consumption);
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 5, throttle: 8, TaskRunProvider.RunWisp, NullCommandLog.Instance, consumption: consumption);
        var order = new List<long>();
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1)))
        {
            order.Add(page.Position.Number);
            consumption.Taken();
        }
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), order);
        Assert.Equal(20, api.Requests);
        int firstAtThrottle = api.Starts.FindIndex(s => s.InFlight == 8);
        Assert.True(firstAtThrottle >= 0, $"never 8 in flight: {string.Join(", ", api.Starts)}");
        Assert.True(api.Starts[firstAtThrottle].PagesTaken <= 3, $"8 in flight only after {api.Starts[firstAtThrottle].PagesTaken} pages taken: {string.Join(", ", api.Starts)}");
        Assert.All(api.Starts, s => Assert.True(s.InFlight <= PageStreamer.RampAfter(s.PagesTaken, 8), $"{s.InFlight} in flight after {s.PagesTaken} taken"));
    }

    [Fact]
    public async Task Pages_of_many_default_pages_of_rows_reach_the_throttle_once_the_first_is_taken()
    {
        // -All's largest pages (RunWisp: 1000 rows, its default page is 50): once the consumer has written the first
        // page it has taken twenty default pages' worth of rows, so the next pages start at the throttle at once
        // instead of 2, then 4. Before that, one page ahead, as for any page size.
        var consumption = new PageConsumption(rowsPerStep: 50);
        var api = new SteadyPagedApi(10, consumption, rowsPerPage: 1000);
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 1000, throttle: 8, TaskRunProvider.RunWisp, NullCommandLog.Instance, consumption: consumption);
        int pages = 0;
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1)))
        {
            pages++;
            consumption.Taken(page.ItemCount);
        }
        Assert.Equal(10, pages);
        Assert.Equal(10, api.Requests);
        // Before the first page is taken: page 1, then 1 ahead (page 2). After it: up to 8 in flight.
        Assert.All(api.Starts.Where(s => s.PagesTaken == 0), s => Assert.Equal(1, s.InFlight));
        Assert.Contains(api.Starts, s => s.PagesTaken == 1 && s.InFlight == 8);
    }

    [Fact]
    public void A_step_is_a_page_or_a_default_page_of_rows_whichever_counts_more()
    {
        var consumption = new PageConsumption(rowsPerStep: 50);
        Assert.Equal(0, consumption.Steps);
        consumption.Taken(5); // pages smaller than the default page: each counts one step, as before
        consumption.Taken(5);
        Assert.Equal(2, consumption.Steps);
        consumption.Taken(1000); // 1010 rows = 20 default pages
        Assert.Equal(20, consumption.Steps);
        Assert.Equal(8, PageStreamer.RampAfter(consumption.Steps, 8));
        var pagesOnly = new PageConsumption();
        pagesOnly.Taken(1000);
        Assert.Equal(1, pagesOnly.Steps);
    }

    [Fact]
    public async Task Pages_that_wait_in_a_buffer_do_not_ramp_a_stopped_consumer_up()
    {
        // The cmdlet's shape when a pipeline stops within the first page (Select-Object -First 3): the lister reads on
        // while the hand-off queue fills (four pages queued, a fifth waiting for a slot), and the pipeline takes none of
        // them. One page stays ahead: 5 handed out + 1 = 6 requests. A ramp counted in pages handed out had started 7.
        var consumption = new PageConsumption();
        var api = new SteadyPagedApi(50, consumption);
        var streamer = new PageStreamer(new PageNumberPager(), api.Fetch, 5, throttle: 8, TaskRunProvider.RunWisp, NullCommandLog.Instance, consumption: consumption);
        var buffered = new List<ProviderPage>();
        await using (var pages = streamer.ReadAsync(PagePosition.Page(1)).GetAsyncEnumerator())
        {
            while (buffered.Count < 5 && await pages.MoveNextAsync()) buffered.Add(pages.Current);
            await Task.Delay(100);
            Assert.Equal(6, api.Requests);
        }
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, buffered.Select(p => p.Position.Number));
        Assert.All(api.Starts, s => Assert.Equal(1, s.InFlight));
    }

    [Fact]
    public async Task A_repeated_cursor_is_an_error_not_a_loop()
    {
        Task<ProviderPage> Fetch(PagePosition p, CancellationToken _) =>
            Task.FromResult(new ProviderPage(p, new List<TaskRun> { new() { Id = "x" + p.Cursor } }) { HasMore = true, NextCursor = p.Cursor == null ? "A" : p.Cursor == "A" ? "B" : "A" });
        var streamer = new PageStreamer(new CursorPager(TaskRunProvider.Deck), Fetch, 1, 1, TaskRunProvider.Deck, NullCommandLog.Instance);
        var pages = new List<string?>();
        var error = await Assert.ThrowsAsync<TaskRunApiException>(async () => { await foreach (var page in streamer.ReadAsync(PagePosition.AtCursor(null))) pages.Add(page.Position.Cursor); });
        Assert.Equal("RepeatedPageCursor", error.ErrorId);
        // Every page served, including the one that carried the repeated cursor, was handed out once.
        Assert.Equal(new string?[] { null, "A", "B" }, pages);
    }

    [Fact]
    public async Task Has_more_without_a_cursor_stops_with_a_warning()
    {
        Task<ProviderPage> Fetch(PagePosition p, CancellationToken _) =>
            Task.FromResult(new ProviderPage(p, new List<TaskRun> { new() { Id = "only" } }) { HasMore = true, NextCursor = null });
        var log = new RecordingLog();
        var streamer = new PageStreamer(new CursorPager(TaskRunProvider.Deck), Fetch, 1, 1, TaskRunProvider.Deck, log);
        int pages = 0;
        await foreach (var _ in streamer.ReadAsync(PagePosition.AtCursor(null))) pages++;
        Assert.Equal(1, pages);
        Assert.Single(log.Warnings);
    }

    [Fact]
    public async Task A_total_that_grows_mid_way_is_followed_after_the_planned_pages()
    {
        int calls = 0;
        Task<ProviderPage> Fetch(PagePosition p, CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            long totalPages = p.Number >= 3 ? 4 : 3; // the total grows while paging
            return Task.FromResult(new ProviderPage(p, new List<TaskRun> { new() { Id = "p" + p.Number } }) { TotalPages = totalPages });
        }
        var streamer = new PageStreamer(new PageNumberPager(), Fetch, 1, 4, TaskRunProvider.Anchor, NullCommandLog.Instance);
        var pages = new List<long>();
        await foreach (var page in streamer.ReadAsync(PagePosition.Page(1))) pages.Add(page.Position.Number);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, pages);
    }

    /// <summary>
    /// An offset API whose list grows at the top: every request inserts rows when it is served. Requests for later
    /// offsets are served first, as concurrent requests may be.
    /// </summary>
    private sealed class GrowingOffsetApi
    {
        private readonly List<string> _rows;
        private int _inserted;
        public GrowingOffsetApi(int rows) => _rows = Enumerable.Range(0, rows).Select(i => $"old-{i}").ToList();
        public IReadOnlyList<string> Original { get; private set; } = Array.Empty<string>();

        public async Task<ProviderPage> Fetch(PagePosition position, int pageSize, CancellationToken token)
        {
            if (Original.Count == 0) lock (_rows) Original = _rows.ToList();
            await Task.Delay(Math.Max(1, 40 - (int)position.Number / pageSize * 8), token);
            lock (_rows)
            {
                for (int i = 0; i < 2; i++) _rows.Insert(0, $"new-{_inserted++}");
                var page = _rows.Skip((int)position.Number).Take(pageSize).Select(id => new TaskRun { Id = id }).ToList();
                return new ProviderPage(position, page) { TotalCount = _rows.Count };
            }
        }
    }

    [Fact]
    public async Task Rows_inserted_while_pages_are_fetched_at_once_are_neither_skipped_nor_repeated()
    {
        var api = new GrowingOffsetApi(60);
        var streamer = new PageStreamer(new OffsetPager(), (p, t) => api.Fetch(p, 10, t), 10, throttle: 4, TaskRunProvider.RunWisp, NullCommandLog.Instance);
        var seen = new List<string>();
        var recent = new RecentIdFilter();
        await foreach (var page in streamer.ReadAsync(PagePosition.Offset(0)))
        {
            recent.BeginPage();
            foreach (var run in page.Items) if (recent.IsNew(run.Id)) seen.Add(run.Id);
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(api.Original, seen.Where(id => id.StartsWith("old-", StringComparison.Ordinal)).ToList());
        Assert.True(recent.Dropped > 0, "rows must have moved down and been seen twice");
    }
}
