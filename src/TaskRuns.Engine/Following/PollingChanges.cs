using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Following
{
    /// <summary>
    /// Follows a provider without a push feed: every poll interval it reads the newest page (and the next ones, up to
    /// <see cref="MaxPagesPerPoll"/>, while every run on a page is new or changed), stopping at the first run already
    /// seen unchanged; then it re-checks, with the adapter's cheapest call, the runs still going that were not on
    /// those pages. Memory: the runs still going (bounded) and the last state of the runs on the newest pages.
    /// </summary>
    internal sealed class PollingChanges : IRunChanges
    {
        private const int MaxPagesPerPoll = 3;
        private const int MaxActive = 1_000;

        private readonly ITaskRunProvider _adapter;
        private readonly ApiClient _client;
        private readonly PreparedQuery _query;
        private readonly FollowOptions _options;
        private readonly Dictionary<string, TaskRun> _active = new(StringComparer.Ordinal);
        private Dictionary<string, TaskRunStatus> _lastSeen = new(StringComparer.Ordinal);
        private readonly Stopwatch _sincePoll = new();
        private bool _baselined;

        public PollingChanges(ITaskRunProvider adapter, ApiClient client, PreparedQuery query, FollowOptions options)
        {
            _adapter = adapter;
            _client = client;
            _query = query;
            _options = options;
        }

        public Task<IReadOnlyList<TaskRun>> BaselineAsync(CancellationToken cancellationToken) => PollAsync(cancellationToken);

        public async Task<IReadOnlyList<TaskRun>> NextAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait = _options.PollInterval - _sincePoll.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            return await PollAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<TaskRun>> PollAsync(CancellationToken cancellationToken)
        {
            _sincePoll.Restart();
            var seen = new List<TaskRun>();
            var onPages = new Dictionary<string, TaskRunStatus>(StringComparer.Ordinal);
            PagePosition? position = PagePosition.First(_adapter.Descriptor.PagingStyle);
            bool reachedKnownRun = false;
            int pages = 0;
            for (int page = 0; page < MaxPagesPerPoll && position != null; page++)
            {
                pages++;
                ProviderPage result = await _adapter.ListPageAsync(_client, _query, position.Value, _adapter.Descriptor.DefaultPageSize, cancellationToken).ConfigureAwait(false);
                bool reachedKnown = false;
                foreach (TaskRun run in result.Items)
                {
                    if (!_query.Keeps(run)) continue;
                    onPages[run.Id] = run.Status;
                    if (_lastSeen.TryGetValue(run.Id, out TaskRunStatus last) && last == run.Status) reachedKnown = true;
                    seen.Add(run);
                }
                // The first poll (the baseline) reads one page: what is older than that is history, not news.
                reachedKnownRun = reachedKnown;
                if (reachedKnown || !_baselined || result.Items.Count == 0) break;
                position = NextPosition(result, _adapter.Descriptor.DefaultPageSize);
            }
            // Every page read held only new or changed runs and more follow: runs older than those pages that appeared or
            // changed since the last poll are not read — say so rather than miss them silently.
            if (_baselined && !reachedKnownRun && pages == MaxPagesPerPoll && position != null)
                _client.Log.Warning($"{_adapter.Provider}: more than {MaxPagesPerPoll * _adapter.Descriptor.DefaultPageSize} runs appeared or changed " +
                                    $"since the last poll, more than one poll reads ({MaxPagesPerPoll} pages); older ones among them may be missed. " +
                                    "A shorter -PollInterval reads them more often.");
            _lastSeen = onPages;
            _baselined = true;
            foreach (TaskRun run in seen) Track(run);

            List<TaskRun> recheck = _active.Values.Where(r => !onPages.ContainsKey(r.Id)).Take(_options.MaxRechecksPerPoll).ToList();
            foreach (TaskRun stale in recheck)
            {
                TaskRun fresh = await _adapter.RefreshAsync(_client, stale, cancellationToken).ConfigureAwait(false);
                if (fresh.TaskId is null) fresh.TaskId = stale.TaskId;
                Track(fresh);
                seen.Add(fresh);
            }
            return seen;
        }

        private void Track(TaskRun run)
        {
            if (run.IsTerminal) _active.Remove(run.Id);
            else if (_active.ContainsKey(run.Id) || _active.Count < MaxActive) _active[run.Id] = run;
        }

        private static PagePosition? NextPosition(ProviderPage page, int pageSize) => page.Position.Style switch
        {
            PagingStyle.Cursor => page.HasMore == true && page.NextCursor != null ? PagePosition.AtCursor(page.NextCursor) : null,
            PagingStyle.Offset => page.Items.Count < pageSize ? null : PagePosition.Offset(page.Position.Number + page.Items.Count),
            _ => page.Items.Count < pageSize ? null : PagePosition.Page(page.Position.Number + 1),
        };
    }
}
