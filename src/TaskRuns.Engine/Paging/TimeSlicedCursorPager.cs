using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>
    /// Cursor paging made parallel by creation time, for an API whose list is newest first and filters by a creation
    /// range (Deck: created_after/created_before). The first pages are read one after another, as a sequential listing
    /// (so -First and a pipeline stopped early cost what they cost without slicing). Once the listing proves long, the
    /// creation-time range below the first page is found with a few one-run probes, cut into slices at whole
    /// milliseconds, and each slice's cursor is paged concurrently (at most <c>throttle</c> requests in flight); pages are
    /// handed out slice after slice, newest first: exactly the runs of a sequential listing, each once.
    /// </summary>
    /// <remarks>
    /// Why it is exact: the sequential order is creation time, newest first, and a slice is a half-open range
    /// [from, before) checked here on each run's exact creation time, so every run belongs to one slice and runs with
    /// the same time (ties at an edge) always fall in the same slice, in the server's order. The server's bounds may be
    /// wider (the fetch widens its exclusive "after" by a millisecond); extra rows are dropped here and listed by the
    /// slice they belong to. The newest slice is the sequential cursor itself, cut where the next slice begins; runs
    /// created while listing are newer than the first page and in no slice, as in a cursor listing. The oldest slice has
    /// no lower bound, so a probe that missed old runs loses nothing.
    ///
    /// A slice that turns out dense once paged (its pages so far cover so little of its range that many more pages
    /// would follow on its one cursor) is split while it is read: its own cursor keeps the runs down to a new lower bound
    /// at a whole millisecond (about one page further), and the rest of its range becomes new slices, inserted right
    /// after it and paged concurrently like the others (they may split in turn). Its cursor stops at the first run older
    /// than that bound (newest first, every later run is older too), so every run is still listed by exactly one slice
    /// and runs tied at the new edge stay on one side of it.
    /// </remarks>
    internal sealed class TimeSlicedCursorPager
    {
        /// <summary>Pages read one after another before slicing: a pipeline that stops within the first page sees at most five handed out.</summary>
        internal const int SequentialPagesFirst = 5;

        /// <summary>
        /// The shortest round trip of the first pages from which slicing pays. Below it the server is on the same machine
        /// or next to it (the emulator on loopback answers a page of 100 runs in about a millisecond): one cursor with its
        /// prefetch is then bound by the CPU that parses and writes the runs, not by waiting, and slices would only add a
        /// third more requests — probes and slice ends — on the same CPU and against Deck's budget. Any real network
        /// crossing costs more (with the emulator's --latency-ms 1 the fastest page of five took 3.7 ms or more here).
        /// </summary>
        internal static readonly TimeSpan SlicesFromRoundTrip = TimeSpan.FromMilliseconds(2);

        private const int ProbeCount = 8;
        private const int PagesBufferedPerSlice = 8;

        /// <summary>Pages per slice aimed at: each slice fits its buffer, so a slice read ahead never stalls on one being written.</summary>
        private const int PagesPerSlice = 6;

        private const int MaxSlices = 512;

        /// <summary>A slice is split once the pages it still seems to hold exceed this: twice what a slice aims at.</summary>
        private const int SplitAbovePages = 2 * PagesPerSlice;

        private readonly Func<PagePosition, CancellationToken, Task<ProviderPage>> _fetch;
        private readonly Func<DateTimeOffset?, DateTimeOffset?, PagePosition, int, CancellationToken, Task<ProviderPage>> _fetchRange;
        private readonly int _pageSize;
        private readonly int _throttle;
        private readonly DateTimeOffset? _since;
        private readonly TaskRunProvider _provider;
        private readonly ICommandLog _log;
        private readonly long? _rowsWanted;
        private readonly Func<int?>? _budgetLeft;
        private readonly TimeSpan _slicesFromRoundTrip;
        private long _fastestRoundTripTicks = long.MaxValue;

        /// <param name="fetch">A page of the listing as the user asked for it.</param>
        /// <param name="fetchRange">A page of the listing limited to runs created at or after <c>from</c> and before <c>before</c> (either may be null), with a page size.</param>
        /// <param name="pageSize">Runs per page, for every slice.</param>
        /// <param name="throttle">Slices read at once.</param>
        /// <param name="since">The user's earliest creation time, when given: where the range ends without probing.</param>
        /// <param name="provider">Named in messages.</param>
        /// <param name="log">Where -Verbose goes (slice plans, splits).</param>
        /// <param name="rowsWanted">The most rows the caller can use (-Skip plus -First), or null when unknown: no slice beyond them is read ahead.</param>
        /// <param name="budgetLeft">
        /// Requests the provider's rate limit would admit now while other listings of the same key in the process
        /// compete for it (null: no limit, or nobody else is using it). Slicing costs probes and about a third more
        /// requests than pages; when others are spending the budget it buys no speed, so the listing stays on its cursor.
        /// </param>
        /// <param name="slicesFromRoundTrip">
        /// The shortest round trip of the first pages at which slicing pays (default <see cref="SlicesFromRoundTrip"/>):
        /// below it the cursor is not waiting on a network, and one cursor lists as fast as slices would.
        /// </param>
        public TimeSlicedCursorPager(
            Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch,
            Func<DateTimeOffset?, DateTimeOffset?, PagePosition, int, CancellationToken, Task<ProviderPage>> fetchRange,
            int pageSize, int throttle, DateTimeOffset? since, TaskRunProvider provider, ICommandLog log, long? rowsWanted,
            Func<int?>? budgetLeft = null, TimeSpan? slicesFromRoundTrip = null)
        {
            _budgetLeft = budgetLeft;
            _slicesFromRoundTrip = slicesFromRoundTrip ?? SlicesFromRoundTrip;
            _fetch = fetch;
            _fetchRange = fetchRange;
            _pageSize = pageSize;
            _throttle = Math.Max(1, throttle);
            _since = since;
            _provider = provider;
            _log = log;
            _rowsWanted = rowsWanted;
        }

        public async IAsyncEnumerable<ProviderPage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var gate = new SemaphoreSlim(_throttle);
            var top = new PageStreamer(new CursorPager(_provider), Gated(gate, Timed(_fetch)), _pageSize, 1, _provider, _log, _rowsWanted);
            int pages = 0;
            long rows = 0;
            DateTimeOffset? newest = null, oldestSeen = null;
            await using IAsyncEnumerator<ProviderPage> sequential = top.ReadAsync(PagePosition.First(PagingStyle.Cursor), all.Token).GetAsyncEnumerator(all.Token);
            List<Slice>? slices = null;
            bool staysOnCursor = false;
            while (await sequential.MoveNextAsync().ConfigureAwait(false))
            {
                ProviderPage page = sequential.Current;
                pages++;
                rows += page.ItemCount;
                if (!Times(page, ref newest, ref oldestSeen))
                {
                    // A run without a creation time cannot be placed in a slice: stay sequential.
                    yield return page;
                    await foreach (ProviderPage rest in Rest(sequential).ConfigureAwait(false)) yield return rest;
                    yield break;
                }
                yield return page;
                if (pages >= SequentialPagesFirst && page.HasMore == true && WorthSlicing() && oldestSeen is DateTimeOffset below && !staysOnCursor)
                {
                    // Decided once: a listing whose server answers at once, or that found the budget short, stays on its
                    // cursor (see AnswersAtOnce and BudgetIsShort).
                    staysOnCursor = AnswersAtOnce() || BudgetIsShort();
                    if (staysOnCursor) continue;
                    slices = await PlanAsync(gate, below, newest!.Value, pages, all.Token).ConfigureAwait(false);
                    break;
                }
            }
            if (slices is null) yield break;

            _log.Verbose($"{_provider}: listing {slices.Count + 1} creation-time slices below {oldestSeen:o} concurrently ({_throttle} requests at most; " +
                         $"the first pages came back in {FastestRoundTrip.TotalMilliseconds:0.0} ms at the fastest).");
            try
            {
                // The newest slice is the sequential cursor, cut where the first slice begins; meanwhile later slices fill.
                Start(slices, 0, gate, all.Token, upTo: _throttle - 1);
                DateTimeOffset cut = slices[0].Before;
                bool reachedCut = false;
                while (!reachedCut && await sequential.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return From(sequential.Current, cut, out reachedCut);
                }
                await sequential.DisposeAsync().ConfigureAwait(false);

                // Slices are written in order; a dense one inserts its split-off slices right after itself, before its
                // pump ends, so they are met here in their turn.
                for (int i = 0; ; i++)
                {
                    Slice slice;
                    lock (slices)
                    {
                        if (i >= slices.Count) break;
                        slice = slices[i];
                    }
                    Start(slices, i, gate, all.Token, upTo: i + _throttle);
                    while (await slice.Pump!.NextAsync(all.Token).ConfigureAwait(false) is ProviderPage next) yield return next;
                    slice.Drained = true;
                }
            }
            finally
            {
                all.Cancel();
                lock (slices) foreach (Slice slice in slices) slice.Pump?.Dispose();
            }
        }

        private static async IAsyncEnumerable<ProviderPage> Rest(IAsyncEnumerator<ProviderPage> pages)
        {
            while (await pages.MoveNextAsync().ConfigureAwait(false)) yield return pages.Current;
        }

        /// <summary>
        /// Slicing reads slices ahead whose runs may turn out not to be needed, so it is only for listings that want
        /// every run: when -First/-Skip say how many rows can be used, the cursor goes on alone and no page past them is
        /// fetched (a client-side filter makes the count unknown; then slicing goes ahead).
        /// </summary>
        private bool WorthSlicing() => _rowsWanted is null;

        /// <summary>
        /// True when the fastest of the first pages came back within <see cref="SlicesFromRoundTrip"/>: the cursor is
        /// not waiting on the network, so more cursors would not list sooner (see SlicesFromRoundTrip).
        /// </summary>
        private bool AnswersAtOnce()
        {
            if (FastestRoundTrip >= _slicesFromRoundTrip) return false;
            _log.Verbose($"{_provider}: reading the listing on one cursor: its pages come back within {FastestRoundTrip.TotalMilliseconds:0.0} ms, " +
                         $"too soon for concurrent slices to list faster (they pay from {_slicesFromRoundTrip.TotalMilliseconds:0.#} ms).");
            return true;
        }

        /// <summary>The shortest round trip of a sequential page so far (TimeSpan.MaxValue before the first).</summary>
        private TimeSpan FastestRoundTrip => TimeSpan.FromTicks(Interlocked.Read(ref _fastestRoundTripTicks));

        /// <summary>Requests the slicing needs at once: the probes and a first page of a slice per request allowed in flight.</summary>
        private int SlicingNeeds => (_since is null ? ProbeCount : 0) + _throttle;

        /// <summary>
        /// True when the rate limit has no room for the probes and the first round of slices at the moment the listing
        /// could slice: other listings of the same key are spending the budget (ForEach-Object -Parallel fan-out), so
        /// slicing would only add requests that wait. The listing then stays on its cursor to the end — asking again once
        /// the window refills would spend the refill on probes for a listing already well under way.
        /// </summary>
        private bool BudgetIsShort()
        {
            if (_budgetLeft?.Invoke() is not int left || left >= SlicingNeeds) return false;
            _log.Verbose($"{_provider}: reading the listing on one cursor: other listings of this key are using the client-side rate limit ({left} request(s) left; slicing needs {SlicingNeeds}).");
            return true;
        }

        /// <summary>Tracks the newest and oldest creation time seen; false when a run has none.</summary>
        private static bool Times(ProviderPage page, ref DateTimeOffset? newest, ref DateTimeOffset? oldest)
        {
            foreach (TaskRun run in page.Items)
            {
                if (run.CreatedAt is not DateTimeOffset at) return false;
                if (newest is null || at > newest) newest = at;
                if (oldest is null || at < oldest) oldest = at;
            }
            return true;
        }

        /// <summary>
        /// The slices below <paramref name="below"/> (the oldest run handed out so far): from there down to the oldest
        /// run (the user's -Since, or found by probes), cut evenly at whole milliseconds.
        /// </summary>
        private async Task<List<Slice>> PlanAsync(SemaphoreSlim gate, DateTimeOffset below, DateTimeOffset newest, int pagesRead, CancellationToken token)
        {
            DateTimeOffset oldest = _since ?? await ProbeOldestAsync(gate, below, newest, token).ConfigureAwait(false);
            long top = WholeMilliseconds(below).UtcTicks;
            long bottom = Math.Min(WholeMilliseconds(oldest).UtcTicks, top);
            // As many slices as the pages read so far suggest the range holds (at their density), PagesPerSlice each,
            // and at least one per request allowed in flight. Not more: each slice costs about half a page more than its
            // runs (its last page is partial), so a short listing cut into many slices would spend Deck's request budget
            // on slice ends (twice the throttle, at 16, made 48 pages cost 82 requests).
            double spanRead = Math.Max(1, (newest - below).Ticks);
            double pagesEstimated = (top - bottom) / spanRead * pagesRead;
            int count = (int)Math.Max(_throttle, Math.Min(MaxSlices, pagesEstimated / PagesPerSlice));
            // The oldest slice is open below: runs older than the probes found are listed there, not lost.
            return Divide(top, bottom, count, null, new DateTimeOffset(bottom, TimeSpan.Zero));
        }

        /// <summary>
        /// The range [<paramref name="bottom"/>, <paramref name="top"/>) in ticks as up to <paramref name="count"/> slices
        /// of whole milliseconds, newest first; the lowest one takes <paramref name="lowestFrom"/> as its lower bound (null:
        /// open below) and <paramref name="lowestFloor"/> as its floor.
        /// </summary>
        private static List<Slice> Divide(long top, long bottom, int count, DateTimeOffset? lowestFrom, DateTimeOffset? lowestFloor)
        {
            long step = Math.Max(TimeSpan.TicksPerMillisecond, (top - bottom) / count / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
            var slices = new List<Slice>(count);
            long before = top;
            for (int i = 1; i < count && before - step > bottom; i++)
            {
                slices.Add(new Slice(new DateTimeOffset(before - step, TimeSpan.Zero), new DateTimeOffset(before, TimeSpan.Zero), null));
                before -= step;
            }
            slices.Add(new Slice(lowestFrom, new DateTimeOffset(before, TimeSpan.Zero), lowestFloor));
            return slices;
        }

        /// <summary>
        /// Where the oldest run lies: one-run requests "created before X" for X ever further back (2, 4, … 256 times the
        /// time the pages so far covered), all at once; the nearest X with nothing before it bounds the range.
        /// </summary>
        private async Task<DateTimeOffset> ProbeOldestAsync(SemaphoreSlim gate, DateTimeOffset below, DateTimeOffset newest, CancellationToken token)
        {
            long span = Math.Max(TimeSpan.TicksPerSecond, (newest - below).Ticks);
            var probes = new List<(DateTimeOffset At, Task<ProviderPage> Page)>();
            var fetch = Gated(gate, _fetchRange);
            for (int k = 1; k <= ProbeCount; k++)
            {
                long back = span * (1L << k);
                if (below.UtcTicks - back <= DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay) break;
                DateTimeOffset at = WholeMilliseconds(below.AddTicks(-back));
                probes.Add((at, fetch(null, at, PagePosition.First(PagingStyle.Cursor), 1, token)));
            }
            DateTimeOffset oldest = probes.Count > 0 ? probes[probes.Count - 1].At : below;
            foreach (var (at, page) in probes)
            {
                if ((await page.ConfigureAwait(false)).ItemCount == 0)
                {
                    oldest = at;
                    break;
                }
            }
            return oldest;
        }

        /// <summary>
        /// Starts the pumps of the slices from <paramref name="first"/> to <paramref name="upTo"/> not started yet: at most
        /// throttle + 1 slices hold buffered pages at once (the one being written always starts).
        /// </summary>
        private void Start(List<Slice> slices, int first, SemaphoreSlim gate, CancellationToken token, int upTo)
        {
            lock (slices)
            {
                int active = 0;
                foreach (Slice s in slices) if (s.Pump != null && !s.Drained) active++;
                for (int i = first; i < slices.Count && i <= upTo; i++)
                {
                    Slice slice = slices[i];
                    if (slice.Pump != null) continue;
                    if (i > first && active >= _throttle + 1) break;
                    slice.Pump = new SlicePump(PagesOf(slice, slices, gate, token), token);
                    active++;
                }
            }
        }

        /// <summary>
        /// A slice's pages with only its own runs (the server's bounds may be a little wider), ending at the first run
        /// older than its lower bound — which a split raises while the slice is read.
        /// </summary>
        private async IAsyncEnumerable<ProviderPage> PagesOf(Slice slice, List<Slice> slices, SemaphoreSlim gate, [EnumeratorCancellation] CancellationToken token)
        {
            DateTimeOffset? serverFrom = slice.From;
            var streamer = new PageStreamer(
                new CursorPager(_provider), Gated(gate, (position, t) => _fetchRange(serverFrom, slice.Before, position, _pageSize, t)),
                _pageSize, 1, _provider, _log);
            DateTimeOffset previous = slice.Before;
            DateTimeOffset? oldest = null;
            await foreach (ProviderPage page in streamer.ReadAsync(PagePosition.First(PagingStyle.Cursor), token).ConfigureAwait(false))
            {
                DateTimeOffset? from = slice.From;
                bool older = false;
                ProviderPage kept = RunsWhere(page, run =>
                {
                    if (run.CreatedAt is not DateTimeOffset at || at >= slice.Before) return false;
                    if (from is DateTimeOffset f && at < f)
                    {
                        older = true;
                        return false;
                    }
                    if (oldest is null || at < oldest) oldest = at;
                    return true;
                });
                yield return kept;
                if (older) yield break; // newest first: every later run of this cursor is older still, listed by later slices
                if (page.HasMore == true && oldest is DateTimeOffset reached)
                {
                    SplitIfDense(slice, slices, reached, (previous - reached).Ticks);
                    previous = reached;
                }
            }
        }

        /// <summary>
        /// When the slice's last page says, at its density, that many more than <see cref="SplitAbovePages"/> pages are
        /// left: raises the slice's lower bound to about one page below <paramref name="reached"/> (the oldest run it
        /// listed; its next page, already being fetched, stays useful) and inserts the range below as new slices right
        /// after it, about <see cref="PagesPerSlice"/> pages each at that density but at most twice the throttle: the
        /// density further down is unknown, and a new slice that turns out dense splits in turn, while one that is
        /// sparse costs a request for nothing.
        /// </summary>
        private void SplitIfDense(Slice slice, List<Slice> slices, DateTimeOffset reached, long lastPageTicks)
        {
            DateTimeOffset? floor = slice.From ?? slice.Floor;
            if (floor is not DateTimeOffset bottom || reached <= bottom) return; // the open slice below what the probes found: no estimate
            double perPage = Math.Max(TimeSpan.TicksPerMillisecond, lastPageTicks);
            double pagesLeft = (reached - bottom).Ticks / perPage;
            if (pagesLeft <= SplitAbovePages) return;

            long cut = WholeMilliseconds(reached.AddTicks(-Math.Min(lastPageTicks, (reached - bottom).Ticks / 2))).UtcTicks;
            long low = WholeMilliseconds(bottom).UtcTicks;
            if (cut - low < 2 * TimeSpan.TicksPerMillisecond) return; // nothing to cut at whole milliseconds
            int count;
            lock (slices)
            {
                int room = MaxSlices - slices.Count;
                if (room < 2) return;
                double pagesBelow = (cut - low) / perPage;
                count = (int)Math.Min(Math.Min(room, 2 * _throttle), Math.Max(2, Math.Ceiling(pagesBelow / PagesPerSlice)));
                // The lowest part keeps the slice's own lower bound (none for the oldest slice: nothing below is lost).
                List<Slice> parts = Divide(cut, low, count, slice.From, slice.Floor);
                slices.InsertRange(slices.IndexOf(slice) + 1, parts);
                slice.From = new DateTimeOffset(cut, TimeSpan.Zero);
                count = parts.Count;
            }
            _log.Verbose($"{_provider}: the creation-time slice before {slice.Before:o} is dense (about {pagesLeft:0} pages left at its last page's density); " +
                         $"below {slice.From:o} it is listed by {count} more slices concurrently.");
        }

        /// <summary>The runs of the newest slice's page created at or after <paramref name="cut"/>; <paramref name="reached"/>: an older one was met.</summary>
        private static ProviderPage From(ProviderPage page, DateTimeOffset cut, out bool reached)
        {
            bool older = false;
            ProviderPage kept = RunsWhere(page, run =>
            {
                if (run.CreatedAt >= cut) return true;
                older = true;
                return false;
            });
            reached = older;
            return kept;
        }

        /// <summary>The page with only the runs <paramref name="keep"/> accepts (the same page when it accepts all).</summary>
        private static ProviderPage RunsWhere(ProviderPage page, Func<TaskRun, bool> keep)
        {
            var kept = new List<TaskRun>(page.Items.Count);
            foreach (TaskRun run in page.Items) if (keep(run)) kept.Add(run);
            if (kept.Count == page.Items.Count) return page;
            return new ProviderPage(page.Position, kept) { HasMore = page.HasMore, NextCursor = page.NextCursor, TotalCount = page.TotalCount };
        }

        /// <summary><paramref name="fetch"/>, keeping the shortest round trip it took (a page fetched; retries and waits included).</summary>
        private Func<PagePosition, CancellationToken, Task<ProviderPage>> Timed(Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch) =>
            async (position, token) =>
            {
                long started = Stopwatch.GetTimestamp();
                ProviderPage page = await fetch(position, token).ConfigureAwait(false);
                KeepFastest((long)((Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                return page;
            };

        private void KeepFastest(long ticks)
        {
            long seen = Interlocked.Read(ref _fastestRoundTripTicks);
            while (ticks < seen)
            {
                long found = Interlocked.CompareExchange(ref _fastestRoundTripTicks, ticks, seen);
                if (found == seen) return;
                seen = found;
            }
        }

        private static Func<PagePosition, CancellationToken, Task<ProviderPage>> Gated(SemaphoreSlim gate, Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch) =>
            async (position, token) =>
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                try { return await fetch(position, token).ConfigureAwait(false); }
                finally { gate.Release(); }
            };

        private static Func<DateTimeOffset?, DateTimeOffset?, PagePosition, int, CancellationToken, Task<ProviderPage>> Gated(
            SemaphoreSlim gate, Func<DateTimeOffset?, DateTimeOffset?, PagePosition, int, CancellationToken, Task<ProviderPage>> fetch) =>
            async (from, before, position, size, token) =>
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                try { return await fetch(from, before, position, size, token).ConfigureAwait(false); }
                finally { gate.Release(); }
            };

        private static DateTimeOffset WholeMilliseconds(DateTimeOffset at) =>
            new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

        /// <summary>Runs created at or after <see cref="From"/> (null: no lower bound) and before <see cref="Before"/>.</summary>
        private sealed class Slice
        {
            public Slice(DateTimeOffset? from, DateTimeOffset before, DateTimeOffset? floor)
            {
                From = from;
                Before = before;
                Floor = floor;
            }

            /// <summary>The lower bound; raised (only by the slice's own pump) when the slice is split.</summary>
            public DateTimeOffset? From { get; set; }

            public DateTimeOffset Before { get; }

            /// <summary>For the open slice: the oldest creation time the probes found, to estimate its density by.</summary>
            public DateTimeOffset? Floor { get; }

            /// <summary>Its pages being read (null: not started yet).</summary>
            public SlicePump? Pump { get; set; }

            /// <summary>Every page of it has been handed out.</summary>
            public bool Drained { get; set; }
        }

        /// <summary>Reads one slice's pages in the background into a small buffer, so later slices fill while an earlier one is written.</summary>
        private sealed class SlicePump : IDisposable
        {
            private readonly Queue<ProviderPage> _pages = new();
            private readonly SemaphoreSlim _ready = new(0);
            private readonly SemaphoreSlim _room = new(PagesBufferedPerSlice);
            private readonly Task _pumping;
            private Exception? _failure;
            private bool _done;

            public SlicePump(IAsyncEnumerable<ProviderPage> pages, CancellationToken token) => _pumping = PumpAsync(pages, token);

            private async Task PumpAsync(IAsyncEnumerable<ProviderPage> pages, CancellationToken token)
            {
                await Task.Yield();
                try
                {
                    await foreach (ProviderPage page in pages.WithCancellation(token).ConfigureAwait(false))
                    {
                        await _room.WaitAsync(token).ConfigureAwait(false);
                        lock (_pages) _pages.Enqueue(page);
                        _ready.Release();
                    }
                }
                catch (Exception e)
                {
                    _failure = e;
                }
                finally
                {
                    _done = true;
                    _ready.Release();
                }
            }

            /// <summary>The slice's next page; null at its end; the slice's error where its pages stopped.</summary>
            public async Task<ProviderPage?> NextAsync(CancellationToken token)
            {
                await _ready.WaitAsync(token).ConfigureAwait(false);
                lock (_pages)
                {
                    if (_pages.Count > 0)
                    {
                        _room.Release();
                        return _pages.Dequeue();
                    }
                }
                if (_done && _failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
                _ready.Release(); // keep the end signalled for any later call
                return null;
            }

            public void Dispose()
            {
                _pumping.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }
}
