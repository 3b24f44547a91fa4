using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Listing
{
    /// <summary>
    /// The runs of several providers (or of every task of a provider that lists per task) as one stream, newest first:
    /// one <see cref="RunLister"/> per provider (per task for Anchor without -TaskId), each asked for at most Skip + First
    /// runs, merged by <see cref="RunMerger"/>, Skip/First applied once to the merged order. Providers are read
    /// concurrently, each within its own page size and throttle. Written without knowing any provider.
    /// </summary>
    internal sealed class MergedLister
    {
        private readonly IReadOnlyList<PreparedQuery> _queries;
        private readonly Func<TaskRunProvider, ApiClient> _clientFor;
        private readonly List<RunLister> _listers = new();
        private int _pages;
        private long _runs;

        public MergedLister(IReadOnlyList<PreparedQuery> queries, Func<TaskRunProvider, ApiClient> clientFor)
        {
            _queries = queries;
            _clientFor = clientFor;
        }

        /// <summary>Called (from any stream's thread) after each page with (pages so far, runs so far, total when every stream has told it).</summary>
        public Action<int, long, long?>? PageRead { get; set; }

        /// <summary>A provider's stream failed; the others go on. Null when there is one provider: its failure ends the listing.</summary>
        public Action<TaskRunProvider, Exception>? ProviderFailed { get; set; }

        /// <summary>Called once for a provider whose runs did not arrive newest first.</summary>
        public Action<TaskRunProvider>? OutOfOrder { get; set; }

        /// <summary>The sum of the totals the providers' first pages reported; null while any is unknown.</summary>
        public long? TotalCount
        {
            get
            {
                lock (_listers)
                {
                    long sum = 0;
                    foreach (RunLister lister in _listers)
                    {
                        if (lister.TotalCount is not long total) return null;
                        sum += total;
                    }
                    return _listers.Count == 0 ? null : sum;
                }
            }
        }

        /// <summary>After a single-page listing: the providers with more runs than their first page.</summary>
        public IReadOnlyList<TaskRunProvider> MoreAvailable
        {
            get { lock (_listers) return _listers.Where(l => l.MoreAvailable).Select(l => l.Provider).Distinct().ToArray(); }
        }

        public IAsyncEnumerable<RunBatch> ListAsync(ListingRequest request, CancellationToken cancellationToken)
        {
            foreach (PreparedQuery query in _queries)
            {
                // Refused before any request: a page size beyond a provider's limit, a provider named but not connected.
                request.PageSizeFor(ProviderRegistry.Get(query.Provider).Descriptor);
                _clientFor(query.Provider);
            }
            ListingRequest perStream = request.ForStream();
            var merger = new RunMerger(_queries.Select(q => StreamOf(q, perStream)).ToArray())
            {
                StreamFailed = ProviderFailed is null ? null : (stream, e) => ProviderFailed(stream.Provider, e),
                OutOfOrder = stream => OutOfOrder?.Invoke(stream.Provider),
            };
            return merger.MergeAsync(request.Skip, request.First, cancellationToken);
        }

        private RunStream StreamOf(PreparedQuery query, ListingRequest request)
        {
            ITaskRunProvider adapter = ProviderRegistry.Get(query.Provider);
            if (adapter.Descriptor.ListsPerTask && string.IsNullOrEmpty(query.TaskId))
                return new RunStream(query.Provider, query.Provider.ToString(), token => EveryTaskAsync(adapter, query, request, token));
            return new RunStream(query.Provider, query.Provider.ToString(), token => Lister(adapter).ListAsync(query, request, token));
        }

        /// <summary>
        /// A provider that lists per task, across its tasks: its task list, then one stream per task merged newest first.
        /// The provider's page throttle is shared out between its tasks; a failing task fails the provider's stream.
        /// </summary>
        private async IAsyncEnumerable<RunBatch> EveryTaskAsync(
            ITaskRunProvider adapter, PreparedQuery query, ListingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            ApiClient client = _clientFor(adapter.Provider);
            IReadOnlyList<TaskRunTask> tasks = await adapter.ListTasksAsync(client, cancellationToken).ConfigureAwait(false);
            client.Log.Verbose($"{adapter.Provider}: listing the runs of its {tasks.Count} task(s), merged newest first.");
            if (tasks.Count == 0) yield break;
            ListingRequest perTask = request.WithThrottle(Math.Max(1, request.ThrottleFor(adapter.Descriptor) / tasks.Count));
            var streams = tasks.Select(t => t.TaskId).Distinct().Select(id =>
            {
                PreparedQuery taskQuery = query.ForTask(id);
                return new RunStream(adapter.Provider, $"{adapter.Provider} task {id}", token => Lister(adapter).ListAsync(taskQuery, perTask, token));
            }).ToArray();
            await foreach (RunBatch batch in new RunMerger(streams).MergeAsync(0, request.First, cancellationToken).ConfigureAwait(false))
                yield return batch;
        }

        private RunLister Lister(ITaskRunProvider adapter)
        {
            var lister = new RunLister(adapter, _clientFor(adapter.Provider))
            {
                PageRead = (_, runs, _) => Report(),
            };
            lock (_listers) _listers.Add(lister);
            return lister;
        }

        private void Report()
        {
            int pages = Interlocked.Increment(ref _pages);
            PageRead?.Invoke(pages, Interlocked.Read(ref _runs), TotalCount);
        }

        /// <summary>Runs handed out so far, for progress (the cmdlet adds as it writes).</summary>
        public void Counted(int runs) => Interlocked.Add(ref _runs, runs);
    }
}
