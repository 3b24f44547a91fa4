using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Following;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Providers.Deck
{
    /// <summary>
    /// Follows Deck through its events (GET /v2/events, the task_run.* types, created_after, cursor pages) instead of
    /// re-listing runs, as Deck asks. Each event's data is the run at that moment; a run is fetched only when an event
    /// carries no usable run. The window starts a little before the newest event seen (clocks and equal timestamps),
    /// and a bounded window of event ids removes the overlap. One poll per -PollInterval: at the default 5 s and at most
    /// <see cref="MaxPagesPerPoll"/> pages, far below Deck's 200 requests per 10 s.
    /// </summary>
    internal sealed class DeckEventChanges : IRunChanges
    {
        private const int PageSize = 100;
        private const int MaxPagesPerPoll = 10;
        private const int EventIdsRemembered = 5_000;
        private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
        private static readonly string[] Types =
        {
            "task_run.queued", "task_run.running", "task_run.interaction_required", "task_run.completed",
            "task_run.failed", "task_run.canceling", "task_run.canceled",
        };

        private readonly DeckProvider _adapter;
        private readonly ApiClient _client;
        private readonly FollowOptions _options;
        private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
        private readonly Queue<string> _eventOrder = new();
        private readonly Stopwatch _sincePoll = new();
        private DateTimeOffset _after;

        public DeckEventChanges(DeckProvider adapter, ApiClient client, FollowOptions options)
        {
            _adapter = adapter;
            _client = client;
            _options = options;
        }

        /// <summary>Nothing is listed: events from now on tell what happens, including to runs already going.</summary>
        public Task<IReadOnlyList<TaskRun>> BaselineAsync(CancellationToken cancellationToken)
        {
            _after = DateTimeOffset.UtcNow - Overlap;
            return PollAsync(remember: true, cancellationToken);
        }

        public async Task<IReadOnlyList<TaskRun>> NextAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait = _options.PollInterval - _sincePoll.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            return await PollAsync(remember: false, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Reads the new events (newest first, page by page) and returns their runs oldest first.</summary>
        private async Task<IReadOnlyList<TaskRun>> PollAsync(bool remember, CancellationToken cancellationToken)
        {
            _sincePoll.Restart();
            var events = new List<DeckEvent>();
            string? cursor = null;
            for (int page = 0; page < MaxPagesPerPoll; page++)
            {
                string url = new RequestPath("events")
                    .Query("type", Types)
                    .Query("created_after", DeckProvider.Iso(_after))
                    .Query("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                    .Query("cursor", cursor)
                    .ToString();
                DeckEventList list = await _client.GetAsync(url, DeckJsonContext.Default.DeckEventList, cancellationToken).ConfigureAwait(false);
                bool reachedKnown = false;
                foreach (DeckEvent? e in list.Data!)
                {
                    if (e?.Id is null) continue;
                    if (_eventIds.Contains(e.Id)) { reachedKnown = true; continue; }
                    events.Add(e);
                }
                if (reachedKnown || list.HasMore != true || list.NextCursor is null) break;
                cursor = list.NextCursor;
            }

            var runs = new List<TaskRun>(events.Count);
            for (int i = events.Count - 1; i >= 0; i--)
            {
                DeckEvent e = events[i];
                Remember(e.Id!);
                if (e.CreatedAt is DateTimeOffset at && at - Overlap > _after) _after = at - Overlap;
                if (remember) continue;
                runs.Add(e.Data is DeckRun run && run.Problem() is null
                    ? DeckProvider.ToTaskRun(run)
                    : await _adapter.GetRunAsync(_client, null, RunIdOf(e), cancellationToken).ConfigureAwait(false));
            }
            return runs;
        }

        private static string RunIdOf(DeckEvent e) =>
            e.Data?.Id ?? throw new TaskRunApiException(TaskRunProvider.Deck, "InvalidResponse", System.Management.Automation.ErrorCategory.InvalidResult,
                $"Deck: event {e.Id} names no task run.");

        private void Remember(string id)
        {
            if (!_eventIds.Add(id)) return;
            _eventOrder.Enqueue(id);
            while (_eventOrder.Count > EventIdsRemembered) _eventIds.Remove(_eventOrder.Dequeue());
        }
    }
}
