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
    /// Reads pages in order. The next page is always requested before the current one is handed out (prefetch), and
    /// once a page reveals the total, up to <c>throttle</c> later pages are fetched concurrently — still handed out in order.
    /// Abandoning the enumeration (e.g. -First satisfied, Ctrl+C) cancels every request still in flight.
    /// </summary>
    internal sealed class PageStreamer
    {
        private readonly Pager _pager;
        private readonly Func<PagePosition, CancellationToken, Task<ProviderPage>> _fetch;
        private readonly int _pageSize;
        private readonly int _throttle;
        private readonly TaskRunProvider _provider;
        private readonly ICommandLog _log;

        public PageStreamer(
            Pager pager, Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch, int pageSize, int throttle, TaskRunProvider provider, ICommandLog log)
        {
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
                await foreach (ProviderPage page in ReadAheadAsync(ahead, reads, handed).ConfigureAwait(false)) yield return page;
                // The known range is done (or was abandoned); keep going one by one while the last page handed out says
                // more exist (the total grew).
                if (handed.Ended || Next(handed.Last) is not PagePosition following) yield break;
                current = await _fetch(following, reads.Token).ConfigureAwait(false);
            }
            await foreach (ProviderPage page in ReadInOrderAsync(current, reads).ConfigureAwait(false)) yield return page;
        }

        /// <summary>The first page, then the pages of the known range, up to the throttle in flight at once.</summary>
        private async IAsyncEnumerable<ProviderPage> ReadAheadAsync(IEnumerable<PagePosition> ahead, Reads reads, HandedOut handed)
        {
            CancellationTokenSource batch = reads.NewBatch();
            using IEnumerator<PagePosition> positions = ahead.GetEnumerator();
            Fill(reads.Pending, positions, batch.Token);
            yield return handed.Last;
            while (reads.Pending.Count > 0)
            {
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
                Task<ProviderPage>? prefetch = next is PagePosition position ? _fetch(position, reads.Token) : null;
                if (prefetch != null) reads.Pending.Enqueue(prefetch);
                yield return current;
                if (repeated != null) throw repeated;
                if (prefetch == null) yield break;
                current = await reads.Pending.Dequeue().ConfigureAwait(false);
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

        private void Fill(Queue<Task<ProviderPage>> pending, IEnumerator<PagePosition> positions, CancellationToken token)
        {
            while (pending.Count < _throttle && positions.MoveNext()) pending.Enqueue(_fetch(positions.Current, token));
        }

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
