using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>
    /// Reads pages in order. The next page is requested before the current one is handed out (prefetch), and once a
    /// page reveals the total, later pages are fetched concurrently — still handed out in order. Concurrency ramps up
    /// as the final consumer takes pages (<see cref="PageConsumption"/>: 1, 2, 4, … up to <c>throttle</c>, a step per
    /// page or per default page of rows taken), so a consumer that takes pages at once reaches the throttle within about
    /// three round trips (after the first page when pages are large), and one that stops after
    /// a few runs (Select -First) costs a few requests however many pages wait for it in buffers; and when the caller
    /// knows how many rows it can use at most (-First/-Skip without a client-side filter), no page beyond them is
    /// requested ahead. Abandoning the enumeration (e.g. -First satisfied, Ctrl+C) cancels every request still in flight.
    /// </summary>
    internal sealed class PageStreamer
    {
        private readonly Pager _pager;
        private readonly Func<PagePosition, CancellationToken, Task<ProviderPage>> _fetch;
        private readonly int _pageSize;
        private readonly int _throttle;
        private readonly TaskRunProvider _provider;
        private readonly ICommandLog _log;
        private readonly long? _rowsWanted;
        private readonly PageConsumption _consumption;
        private readonly bool _takenWhenReadOn;
        private long _rowsHanded;

        /// <param name="pager">How the next position follows from a page (page number, offset or cursor).</param>
        /// <param name="fetch">Fetches one page at a position.</param>
        /// <param name="pageSize">Runs per page.</param>
        /// <param name="throttle">The most pages in flight at once (the ramp starts below it).</param>
        /// <param name="provider">Named in messages.</param>
        /// <param name="log">Where warnings and -Verbose go.</param>
        /// <param name="rowsWanted">
        /// The most rows, counted from the first page, the caller can use (-Skip plus -First when every run it gets
        /// counts); null when unknown (a client-side filter may drop any number). No page starting past them is
        /// requested ahead; the caller may still ask for more by reading on (repeats dropped, short pages).
        /// </param>
        /// <param name="consumption">
        /// Where the final consumer reports each page it has taken (the cmdlet, once the pipeline has written a page's
        /// runs); the ramp follows it. Null: a page counts as taken when the caller asks for the next one.
        /// </param>
        public PageStreamer(
            Pager pager, Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch, int pageSize, int throttle, TaskRunProvider provider, ICommandLog log,
            long? rowsWanted = null, PageConsumption? consumption = null)
        {
            _rowsWanted = rowsWanted;
            _consumption = consumption ?? new PageConsumption();
            _takenWhenReadOn = consumption is null;
            _pager = pager;
            _fetch = fetch;
            _pageSize = pageSize;
            _throttle = Math.Max(1, throttle);
            _provider = provider;
            _log = log;
        }

        /// <summary>Pages from <paramref name="start"/>: first the range the first page's total reveals (concurrently), then one by one.</summary>
        public async IAsyncEnumerable<ProviderPage> ReadAsync(PagePosition start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var reads = new Reads(cancellationToken);
            ProviderPage current = await _fetch(start, reads.Token).ConfigureAwait(false);
            IEnumerable<PagePosition>? ahead = _throttle > 1 ? _pager.RemainingPositions(current, _pageSize) : null;
            if (ahead != null)
            {
                var handed = new HandedOut(current);
                await foreach (ProviderPage page in ReadAheadAsync(ahead, reads, handed).ConfigureAwait(false))
                {
                    yield return page;
                    if (_takenWhenReadOn) _consumption.Taken(page.ItemCount);
                }
                // The known range is done (or was abandoned); keep going one by one while the last page handed out says
                // more exist (the total grew).
                if (handed.Ended || Next(handed.Last) is not PagePosition following) yield break;
                current = await _fetch(following, reads.Token).ConfigureAwait(false);
            }
            await foreach (ProviderPage page in ReadInOrderAsync(current, reads).ConfigureAwait(false))
            {
                yield return page;
                if (_takenWhenReadOn) _consumption.Taken(page.ItemCount);
            }
        }

        /// <summary>The first page, then the pages of the known range, up to the throttle in flight at once.</summary>
        private async IAsyncEnumerable<ProviderPage> ReadAheadAsync(IEnumerable<PagePosition> ahead, Reads reads, HandedOut handed)
        {
            CancellationTokenSource batch = reads.NewBatch();
            using IEnumerator<PagePosition> positions = ahead.GetEnumerator();
            Hand(handed.Last);
            Fill(reads.Pending, positions, batch.Token);
            yield return handed.Last;
            while (reads.Pending.Count > 0)
            {
                await UntilArrivedAsync(reads.Pending, positions, batch.Token).ConfigureAwait(false);
                ProviderPage arrived = await reads.Pending.Dequeue().ConfigureAwait(false);
                // The rows ended before the total said (a total that was wrong or shrank): stop here, as sequential
                // paging does, instead of asking for every page the total promised. Requests in flight are cancelled.
                if (arrived.ItemCount == 0)
                {
                    handed.Ended = true;
                    yield break;
                }
                if (ListChanged(handed.Last, arrived))
                {
                    // Rows were added or removed between the two pages. Pages requested at once reach the server in any
                    // order, so this page may start past rows that moved down (a gap) — sequential paging only ever
                    // repeats rows, and repeats are dropped by id. Drop the pages fetched ahead and go on one by one
                    // after the last page handed out.
                    batch.Cancel();
                    reads.DropPending();
                    _log.Verbose($"{_provider}: the list changed while paging (total {handed.Last.TotalCount} → {arrived.TotalCount}); fetching the remaining pages one at a time.");
                    yield break;
                }
                handed.Last = arrived;
                Hand(arrived);
                Fill(reads.Pending, positions, batch.Token);
                yield return arrived;
            }
        }

        /// <summary>One page after another, each next page requested before the current one is handed out.</summary>
        private async IAsyncEnumerable<ProviderPage> ReadInOrderAsync(ProviderPage current, Reads reads)
        {
            while (true)
            {
                // A page whose next cursor was seen before still carries new runs: hand them out, then stop with the error.
                PagePosition? next;
                TaskRunApiException? repeated = null;
                try
                {
                    next = Next(current);
                }
                catch (TaskRunApiException e) when (e.ErrorId == CursorPager.RepeatedPageCursor)
                {
                    next = null;
                    repeated = e;
                }
                Hand(current);
                // Prefetch only a page whose rows may be needed; otherwise it is requested only if the caller reads on.
                Task<ProviderPage>? prefetch = next is PagePosition position && MayNeedRowsBeyond(_rowsHanded) ? _fetch(position, reads.Token) : null;
                if (prefetch != null) reads.Pending.Enqueue(prefetch);
                yield return current;
                if (repeated != null) throw repeated;
                if (next is not PagePosition following) yield break;
                current = prefetch != null
                    ? await reads.Pending.Dequeue().ConfigureAwait(false)
                    : await _fetch(following, reads.Token).ConfigureAwait(false);
            }
        }

        private PagePosition? Next(ProviderPage page)
        {
            PagePosition? next = _pager.Next(page, _pageSize);
            if (next is null && _pager.StoppedEarly(page) is string why) _log.Warning(why);
            return next;
        }

        /// <summary>True when two pages report different totals: the list changed between the moments they were served.</summary>
        private static bool ListChanged(ProviderPage before, ProviderPage after) =>
            (before.TotalCount is long a && after.TotalCount is long b && a != b)
            || (before.TotalPages is long p && after.TotalPages is long q && p != q);

        /// <summary>
        /// Waits for the oldest page in flight; meanwhile, each page the consumer takes may raise the ramp, so more pages
        /// are started at once instead of when the next page arrives.
        /// </summary>
        private async Task UntilArrivedAsync(Queue<Task<ProviderPage>> pending, IEnumerator<PagePosition> positions, CancellationToken token)
        {
            Task<ProviderPage> oldest = pending.Peek();
            while (true)
            {
                Task taken = _consumption.NextTaken();
                Fill(pending, positions, token);
                if (oldest.IsCompleted || InFlightAllowed >= _throttle) return;
                await Task.WhenAny(oldest, taken).ConfigureAwait(false);
            }
        }

        /// <summary>Starts pages ahead up to the ramp's concurrency, and only pages whose rows may be needed.</summary>
        private void Fill(Queue<Task<ProviderPage>> pending, IEnumerator<PagePosition> positions, CancellationToken token)
        {
            while (pending.Count < InFlightAllowed && MayNeedRowsBeyond(_rowsHanded + (long)pending.Count * _pageSize) && positions.MoveNext())
                pending.Enqueue(_fetch(positions.Current, token));
        }

        private void Hand(ProviderPage page) => _rowsHanded += page.ItemCount;

        /// <summary>
        /// The ramp: pages in flight at once double with each step the consumer has taken (<see cref="PageConsumption.Steps"/>:
        /// a page, or the provider's default page of rows if pages are larger) — 1 before the first, 2 after it, 4 after
        /// the second, then the throttle (8) after the third — so a consumer that keeps up reaches the throttle within
        /// about three round trips, and after the first page when pages hold many default pages of rows (-All's largest
        /// pages). Pages handed out but not taken (the cmdlet queues up to four for the pipeline thread; a merge holds a
        /// stream's page until its runs' turn) do not count: a pipeline that stops within the first page keeps one page
        /// ahead, so what was started by then is the pages the buffers hold plus one (the cmdlet's four queued pages and
        /// a fifth waiting for a slot, plus one: 6 requests).
        /// </summary>
        internal int InFlightAllowed => RampAfter(_consumption.Steps, _throttle);

        /// <summary>2 to the power <paramref name="stepsTaken"/>, at most <paramref name="throttle"/>.</summary>
        internal static int RampAfter(int stepsTaken, int throttle)
        {
            int allowed = 1;
            for (int i = 0; i < stepsTaken && allowed < throttle; i++) allowed *= 2;
            return Math.Min(allowed, throttle);
        }

        /// <summary>False once the rows already covered reach what the caller can use: a further page cannot be needed.</summary>
        private bool MayNeedRowsBeyond(long coveredRows) => _rowsWanted is not long wanted || coveredRows < wanted;

        private static void Observe(Task task) =>
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>The last page handed out of the concurrent range, and whether the rows ended there.</summary>
        private sealed class HandedOut
        {
            public HandedOut(ProviderPage first) => Last = first;
            public ProviderPage Last;
            public bool Ended;
        }

        /// <summary>
        /// The requests of one read: all cancelled together when the read ends or is abandoned. The token sources of
        /// concurrent batches are disposed only after that cancellation, so no request in flight misses it.
        /// </summary>
        private sealed class Reads : IDisposable
        {
            private readonly CancellationTokenSource _all;
            private readonly List<CancellationTokenSource> _batches = new();

            public Reads(CancellationToken cancellationToken) => _all = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            public CancellationToken Token => _all.Token;

            public Queue<Task<ProviderPage>> Pending { get; } = new();

            public CancellationTokenSource NewBatch()
            {
                var batch = CancellationTokenSource.CreateLinkedTokenSource(_all.Token);
                _batches.Add(batch);
                return batch;
            }

            public void DropPending()
            {
                foreach (Task<ProviderPage> dropped in Pending) Observe(dropped);
                Pending.Clear();
            }

            public void Dispose()
            {
                _all.Cancel();
                foreach (CancellationTokenSource batch in _batches) batch.Dispose();
                DropPending();
                _all.Dispose();
            }
        }
    }
}
