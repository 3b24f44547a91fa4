using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Paging
{
    /// <summary>
    /// Lists runs for a query: pages (with prefetch and concurrency), drops repeats, applies client-side filters,
    /// and streams runs one by one as their page arrives. Also serves single pages with continuation tokens.
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

        /// <summary>Called after each page with (pages so far, runs so far, total when known).</summary>
        public Action<int, long, long?>? PageRead { get; set; }

        /// <summary>Set after a single-page listing: whether more pages exist.</summary>
        public bool MoreAvailable { get; private set; }

        /// <summary>The total the first page reported, when the API reports one.</summary>
        public long? TotalCount { get; private set; }

        /// <summary>Runs one by one, in order, as their pages arrive.</summary>
        public async IAsyncEnumerable<TaskRun> ListAsync(
            TaskRunQuery query, int pageSize, bool allPages, int throttle, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (IReadOnlyList<TaskRun> batch in ListBatchesAsync(query, pageSize, allPages, throttle, cancellationToken).ConfigureAwait(false))
                foreach (TaskRun run in batch)
                    yield return run;
        }

        /// <summary>
        /// The runs of each page that arrives, in order, repeats dropped and client-side filters applied (a batch may be
        /// empty). A consumer on another thread takes a page per hand-over instead of a run per hand-over.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<TaskRun>> ListBatchesAsync(
            TaskRunQuery query, int pageSize, bool allPages, int throttle, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Func<TaskRun, bool>? keep = _provider.Prepare(query);
            Pager pager = Pager.For(_provider.Descriptor.PagingStyle);
            PagePosition start = PagePosition.First(pager.Style);

            if (!allPages)
            {
                ProviderPage only = await _provider.ListPageAsync(_client, query, start, pageSize, cancellationToken).ConfigureAwait(false);
                TotalCount = only.TotalCount;
                MoreAvailable = pager.Next(only, pageSize) != null;
                PageRead?.Invoke(1, only.Items.Count, only.TotalCount);
                yield return Kept(only.Items, keep);
                yield break;
            }

            var streamer = new PageStreamer(
                pager, (position, token) => _provider.ListPageAsync(_client, query, position, pageSize, token),
                pageSize, throttle, _provider.Provider, _client.Log);
            var repeats = new RecentIdFilter();
            int pages = 0;
            long runs = 0;
            await foreach (ProviderPage page in streamer.ReadAsync(start, cancellationToken).ConfigureAwait(false))
            {
                pages++;
                if (pages == 1) TotalCount = page.TotalCount;
                repeats.BeginPage();
                var batch = new List<TaskRun>(page.Items.Count);
                foreach (TaskRun run in page.Items)
                {
                    if (!repeats.IsNew(run.Id)) continue;
                    runs++;
                    if (keep is null || keep(run)) batch.Add(run);
                }
                yield return batch;
                PageRead?.Invoke(pages, runs, page.TotalCount);
            }
            if (repeats.Dropped > 0)
                _client.Log.Verbose($"{_provider.Provider}: {repeats.Dropped} run(s) appeared twice while paging (new runs arrived) and were listed once.");
        }

        private static IReadOnlyList<TaskRun> Kept(IReadOnlyList<TaskRun> items, Func<TaskRun, bool>? keep)
        {
            if (keep is null) return items;
            var kept = new List<TaskRun>(items.Count);
            foreach (TaskRun run in items) if (keep(run)) kept.Add(run);
            return kept;
        }

        /// <summary>One page, resumable: <paramref name="token"/> is a NextPageToken from an earlier page of the same query.</summary>
        public async Task<TaskRunPage> GetPageAsync(TaskRunQuery query, string? token, int? pageSize, CancellationToken cancellationToken)
        {
            Func<TaskRun, bool>? keep = _provider.Prepare(query);
            Pager pager = Pager.For(_provider.Descriptor.PagingStyle);
            string filterHash = ContinuationToken.HashFilters(query.Canonical());
            PagePosition position = PagePosition.First(pager.Style);
            int size = pageSize ?? _provider.Descriptor.DefaultPageSize;

            if (!string.IsNullOrEmpty(token))
            {
                ContinuationToken? decoded = ContinuationToken.TryDecode(token!, out string? problem);
                if (decoded is null)
                    throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", $"-NextPageToken cannot be used: {problem}.", token);
                if (decoded.Provider != _provider.Provider || decoded.Position.Style != pager.Style)
                    throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", $"-NextPageToken belongs to {decoded.Provider}, not {_provider.Provider}.", token);
                if (decoded.FilterHash != filterHash)
                    throw new TaskRunInputException(_provider.Provider, "InvalidPageToken", "-NextPageToken was made for other filters; repeat the same -TaskId and filters as the first page.", token);
                position = decoded.Position;
                size = pageSize ?? decoded.PageSize;
            }

            ProviderPage page = await _provider.ListPageAsync(_client, query, position, size, cancellationToken).ConfigureAwait(false);
            PagePosition? next = pager.Next(page, size);
            if (next is PagePosition n && n.Style == PagingStyle.Cursor && n.Cursor == position.Cursor)
                throw new TaskRunApiException(_provider.Provider, "RepeatedPageCursor", System.Management.Automation.ErrorCategory.InvalidResult,
                    $"{_provider.Provider}: the server returned the cursor that was sent; there is no next page to resume from.");

            var items = new List<TaskRun>(page.Items.Count);
            foreach (TaskRun run in page.Items) if (keep is null || keep(run)) items.Add(run);
            return new TaskRunPage
            {
                Provider = _provider.Provider,
                Items = items,
                HasMore = next != null,
                NextPageToken = next is PagePosition p ? new ContinuationToken(_provider.Provider, p, size, filterHash).Encode() : null,
                TotalCount = page.TotalCount,
            };
        }
    }
}
