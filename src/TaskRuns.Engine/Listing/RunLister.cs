using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Listing
{
    /// <summary>
    /// One provider's stream of runs for a prepared query: pages (with prefetch and concurrency), drops repeats, applies
    /// the client-side check and the request's -Skip/-First, and hands runs out page by page as they arrive. Knows no
    /// PowerShell; several listers can be composed (a merger over their <see cref="ListAsync"/> streams) without
    /// knowing their providers. Also serves single pages with continuation tokens.
    /// </summary>
    internal sealed class RunLister
    {
        private readonly ITaskRunProvider _provider;
        private readonly ApiClient _client;

        public RunLister(ITaskRunProvider provider, ApiClient client)
        {
            _provider = provider;
            _client = client;
        }

        public TaskRunProvider Provider => _provider.Provider;

        /// <summary>Called after each page with (pages so far, runs so far, total when known).</summary>
        public Action<int, long, long?>? PageRead { get; set; }

        /// <summary>Set after a single-page listing: whether more pages exist.</summary>
        public bool MoreAvailable { get; private set; }

        /// <summary>
        /// The total the first page reported, when the API reports one and it counts what is listed: null where TaskRuns
        /// checks a filter itself (the API's total then counts runs that do not match). Set before the first batch is handed out.
        /// </summary>
        public long? TotalCount { get; private set; }

        /// <summary>
        /// The runs of each page that arrives, in the provider's order, each once, client-side check and -Skip/-First
        /// applied (a batch may be empty). A consumer on another thread takes a page per hand-over instead of a run per
        /// hand-over; with <see cref="ListingRequest.ReportsTaken"/> it reports each batch taken, and pages are fetched
        /// ahead as fast as it takes them. Stopping the enumeration (or cancelling) cancels every request in flight.
        /// </summary>
        public async IAsyncEnumerable<RunBatch> ListAsync(
            PreparedQuery query, ListingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            int pageSize = request.PageSizeFor(_provider.Descriptor);
            if (request.First == 0) yield break;
            var window = new Window(request.Skip, request.First);
            await foreach (RunBatch page in PagesAsync(query, pageSize, request, cancellationToken).ConfigureAwait(false))
            {
                yield return new RunBatch(window.Take(page), page.Taken);
                if (window.Full) yield break;
            }
        }

        private IAsyncEnumerable<RunBatch> PagesAsync(PreparedQuery query, int pageSize, ListingRequest request, CancellationToken cancellationToken) =>
            request.AllPages
                ? AllPagesAsync(query, pageSize, request.ThrottleFor(_provider.Descriptor), RowsWanted(query, request),
                    request.ReportsTaken ? new PageConsumption(rowsPerStep: _provider.Descriptor.DefaultPageSize) : null, cancellationToken)
                : FirstPageAsync(query, pageSize, cancellationToken);

        /// <summary>
        /// The most rows, from the top of the listing, that -Skip/-First can use: every row the server sends counts when
        /// nothing is filtered client-side, so no page past Skip + First is needed. With a client-side check any page
        /// may hold the runs still missing (it may keep none of a page), so the count is unknown and only the ramp
        /// bounds what is requested ahead.
        /// </summary>
        private static long? RowsWanted(PreparedQuery query, ListingRequest request)
        {
            if (!request.Limited || query.ClientCheck != null) return null;
            ulong wanted = request.Skip + request.First;
            return wanted < request.First || wanted > long.MaxValue ? null : (long)wanted;
        }

        private async IAsyncEnumerable<RunBatch> FirstPageAsync(PreparedQuery query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Pager pager = Pager.For(_provider.Descriptor.PagingStyle, _provider.Provider);
            ProviderPage only = await _provider.ListPageAsync(_client, query, PagePosition.First(pager.Style), pageSize, cancellationToken).ConfigureAwait(false);
            TotalCount = TotalOf(only, query);
            MoreAvailable = pager.Next(only, pageSize) != null;
            PageRead?.Invoke(1, only.Items.Count, only.TotalCount);
            yield return new RunBatch(Matching(only.Items, query));
        }

        /// <summary>Every page's runs, each batch reporting itself taken to <c>consumption</c> (null: the consumer does not report).</summary>
        private async IAsyncEnumerable<RunBatch> AllPagesAsync(
            PreparedQuery query, int pageSize, int throttle, long? rowsWanted, PageConsumption? consumption, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var repeats = new RecentIdFilter();
            int pages = 0;
            long runs = 0;
            await foreach (ProviderPage page in ReadPagesAsync(query, pageSize, throttle, rowsWanted, consumption, cancellationToken).ConfigureAwait(false))
            {
                if (++pages == 1) TotalCount = TotalOf(page, query);
                repeats.BeginPage();
                var batch = new List<TaskRun>(page.Items.Count);
                foreach (TaskRun run in page.Items)
                {
                    if (!repeats.IsNew(run.Id)) continue;
                    runs++;
                    if (query.Keeps(run)) batch.Add(run);
                }
                int served = page.Items.Count;
                yield return new RunBatch(batch, consumption is null ? null : () => consumption.Taken(served));
                PageRead?.Invoke(pages, runs, page.TotalCount);
            }
            if (repeats.Dropped > 0)
                _client.Log.Verbose($"{_provider.Provider}: {repeats.Dropped} run(s) appeared twice while paging (new runs arrived) and were listed once.");
        }

        /// <summary>The API's total counts what it filtered; where TaskRuns checks the rest itself the total of matches is unknown.</summary>
        private static long? TotalOf(ProviderPage page, PreparedQuery query) => query.ClientCheck is null ? page.TotalCount : null;

        /// <summary>
        /// Every page in order: by creation-time slices in parallel where the adapter can list a time range (Deck's
        /// cursor) and more than one request may be in flight; else by the provider's pager, concurrently where its
        /// positions can be computed, ramped by what the consumer has taken (<paramref name="consumption"/>; the sliced
        /// pager has no ramp).
        /// </summary>
        private IAsyncEnumerable<ProviderPage> ReadPagesAsync(
            PreparedQuery query, int pageSize, int throttle, long? rowsWanted, PageConsumption? consumption, CancellationToken cancellationToken)
        {
            Func<PagePosition, CancellationToken, Task<ProviderPage>> fetch = (position, token) => _provider.ListPageAsync(_client, query, position, pageSize, token);
            if (_provider is ITimeSlicedListing sliced && _provider.Descriptor.PagingStyle == PagingStyle.Cursor && throttle > 1)
            {
                return new TimeSlicedCursorPager(
                    fetch, (from, before, position, size, token) => sliced.ListPageInRangeAsync(_client, query, from, before, position, size, token),
                    pageSize, throttle, query.Query.Since, _provider.Provider, _client.Log, rowsWanted, () => _client.SharedRequestBudgetLeft).ReadAsync(cancellationToken);
            }
            Pager pager = Pager.For(_provider.Descriptor.PagingStyle, _provider.Provider);
            return new PageStreamer(pager, fetch, pageSize, throttle, _provider.Provider, _client.Log, rowsWanted, consumption)
                .ReadAsync(PagePosition.First(pager.Style), cancellationToken);
        }

        /// <summary>The runs that pass the query's client-side check (all of them when it has none).</summary>
        private static IReadOnlyList<TaskRun> Matching(IReadOnlyList<TaskRun> items, PreparedQuery query)
        {
            if (query.ClientCheck is null) return items;
            var kept = new List<TaskRun>(items.Count);
            foreach (TaskRun run in items) if (query.Keeps(run)) kept.Add(run);
            return kept;
        }

        /// <summary>One page, resumable: <paramref name="token"/> is a NextPageToken from an earlier page of the same query.</summary>
        public async Task<TaskRunPage> GetPageAsync(PreparedQuery query, string? token, int? pageSize, CancellationToken cancellationToken)
        {
            ListingRequest.CheckPageSize(_provider.Descriptor, pageSize);
            Pager pager = Pager.For(_provider.Descriptor.PagingStyle, _provider.Provider);
            PagePosition position = PagePosition.First(pager.Style);
            int size = pageSize ?? _provider.Descriptor.DefaultPageSize;
            if (!string.IsNullOrEmpty(token))
            {
                ContinuationToken resumed = Resume(token!, pager.Style, query.FilterHash);
                position = resumed.Position;
                size = pageSize ?? resumed.PageSize;
            }

            ProviderPage page = await _provider.ListPageAsync(_client, query, position, size, cancellationToken).ConfigureAwait(false);
            PagePosition? next = pager.Next(page, size);
            return new TaskRunPage
            {
                Provider = _provider.Provider,
                Items = Matching(page.Items, query),
                HasMore = next != null,
                NextPageToken = next is PagePosition p ? new ContinuationToken(_provider.Provider, p, size, query.FilterHash, query.Query.ToJson()).Encode() : null,
                TotalCount = TotalOf(page, query),
            };
        }

        /// <summary>The query a page token was made with (null when the text is not a token): a piped page continues its own listing.</summary>
        public static TaskRunQuery? QueryOf(string token) =>
            ContinuationToken.TryDecode(token, out _) is { Query: string json } decoded ? TaskRunQuery.FromJson(decoded.Provider, json) : null;

        private ContinuationToken Resume(string token, PagingStyle style, string filterHash)
        {
            ContinuationToken? decoded = ContinuationToken.TryDecode(token, out string? problem);
            if (decoded is null)
                throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", $"-NextPageToken cannot be used: {problem}.", token);
            if (decoded.Provider != _provider.Provider || decoded.Position.Style != style)
                throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", $"-NextPageToken belongs to {decoded.Provider}, not {_provider.Provider}.", token);
            if (decoded.FilterHash != filterHash)
                throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", "-NextPageToken was made for other filters; repeat the same -TaskId and filters as the first page.", token);
            return decoded;
        }

        /// <summary>-Skip and -First over the runs that pass the filters.</summary>
        private sealed class Window
        {
            private readonly ulong _skip;
            private readonly ulong _first;
            private ulong _seen, _taken;

            public Window(ulong skip, ulong first)
            {
                _skip = skip;
                _first = first;
            }

            public bool Full => _taken >= _first;

            public IReadOnlyList<TaskRun> Take(IReadOnlyList<TaskRun> page)
            {
                if (_skip == 0 && _first == ulong.MaxValue) return page;
                var taken = new List<TaskRun>(page.Count);
                foreach (TaskRun run in page)
                {
                    if (_seen++ < _skip) continue;
                    taken.Add(run);
                    if (++_taken >= _first) break;
                }
                return taken;
            }
        }
    }
}
