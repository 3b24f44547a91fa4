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
        private const string RepeatedPageCursor = "RepeatedPageCursor";

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

        public async IAsyncEnumerable<ProviderPage> ReadAsync(PagePosition start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pending = new Queue<Task<ProviderPage>>();
            var seenCursors = new HashSet<string>(StringComparer.Ordinal);
            CancellationTokenSource? batch = null; // the pages fetched ahead at once; disposed only after inFlight is cancelled
            try
            {
                ProviderPage current = await _fetch(start, inFlight.Token).ConfigureAwait(false);
                bool concurrentTried = false;
                while (true)
                {
                    if (!concurrentTried && _throttle > 1)
                    {
                        concurrentTried = true;
                        IEnumerable<PagePosition>? ahead = _pager.RemainingPositions(current, _pageSize);
                        if (ahead != null)
                        {
                            batch = CancellationTokenSource.CreateLinkedTokenSource(inFlight.Token);
                            using IEnumerator<PagePosition> positions = ahead.GetEnumerator();
                            Fill(pending, positions, batch.Token);
                            yield return current;
                            while (pending.Count > 0)
                            {
                                ProviderPage arrived = await pending.Dequeue().ConfigureAwait(false);
                                // The rows ended before the total said (a total that was wrong or shrank): stop here, as
                                // sequential paging does, instead of asking for every page the total promised. Requests
                                // still in flight are cancelled below.
                                if (arrived.Items.Count == 0) yield break;
                                if (ListChanged(current, arrived))
                                {
                                    // Rows were added or removed between the two pages. Pages requested at once reach the
                                    // server in any order, so this page may start past rows that moved down (a gap) —
                                    // sequential paging only ever repeats rows, and repeats are dropped by id. Drop the
                                    // pages fetched ahead and go on one by one after the last page handed out.
                                    batch.Cancel();
                                    foreach (Task<ProviderPage> dropped in pending) Observe(dropped);
                                    pending.Clear();
                                    _log.Verbose($"{_provider}: the list changed while paging (total {current.TotalCount} → {arrived.TotalCount}); fetching the remaining pages one at a time.");
                                    break;
                                }
                                current = arrived;
                                Fill(pending, positions, batch.Token);
                                yield return current;
                            }
                            // The known range is done (or was abandoned); keep going one by one while the last page handed
                            // out says more exist (the total grew).
                            PagePosition? after = NextAfter(current, seenCursors);
                            if (after is not PagePosition following) yield break;
                            current = await _fetch(following, inFlight.Token).ConfigureAwait(false);
                            continue;
                        }
                    }

                    // A page whose next cursor was seen before still carries new runs: hand them out, then stop with the error.
                    PagePosition? next;
                    TaskRunApiException? repeated = null;
                    try
                    {
                        next = NextAfter(current, seenCursors);
                    }
                    catch (TaskRunApiException e) when (e.ErrorId == RepeatedPageCursor)
                    {
                        next = null;
                        repeated = e;
                    }
                    Task<ProviderPage>? prefetch = next is PagePosition position ? _fetch(position, inFlight.Token) : null;
                    if (prefetch != null) pending.Enqueue(prefetch);
                    yield return current;
                    if (repeated != null) throw repeated;
                    if (prefetch == null) yield break;
                    current = await pending.Dequeue().ConfigureAwait(false);
                }
            }
            finally
            {
                inFlight.Cancel();
                batch?.Dispose();
                foreach (Task<ProviderPage> abandoned in pending) Observe(abandoned);
            }
        }

        /// <summary>True when two pages report different totals: the list changed between the moments they were served.</summary>
        private static bool ListChanged(ProviderPage before, ProviderPage after) =>
            (before.TotalCount is long a && after.TotalCount is long b && a != b)
            || (before.TotalPages is long p && after.TotalPages is long q && p != q);

        private void Fill(Queue<Task<ProviderPage>> pending, IEnumerator<PagePosition> positions, CancellationToken token)
        {
            while (pending.Count < _throttle && positions.MoveNext()) pending.Enqueue(_fetch(positions.Current, token));
        }

        private PagePosition? NextAfter(ProviderPage page, HashSet<string> seenCursors)
        {
            PagePosition? next = _pager.Next(page, _pageSize);
            if (_pager.Style != PagingStyle.Cursor) return next;

            if (page.Position.Cursor is string sent) seenCursors.Add(sent);
            if (next is null && page.HasMore == true)
            {
                _log.Warning($"{_provider}: the server said more runs exist (has_more) but sent no cursor; listing stops here.");
            }
            if (next is PagePosition p && p.Cursor is string cursor && seenCursors.Contains(cursor))
            {
                throw new TaskRunApiException(
                    _provider, RepeatedPageCursor, System.Management.Automation.ErrorCategory.InvalidResult,
                    $"{_provider}: the server returned a cursor it had already returned; paging stopped to avoid a loop.");
            }
            return next;
        }

        private static void Observe(Task task) =>
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
