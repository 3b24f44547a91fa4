using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Waiting
{
    /// <summary>
    /// Waits for many runs, of any providers, in one poll loop: each run is refreshed when its next poll is due (a few at
    /// a time), runs of a provider that can push updates (<see cref="IRunEventSource"/>) are also updated from it, and the
    /// loop sleeps until the next due poll, a pushed update, the deadline or cancellation — whichever comes first.
    /// </summary>
    internal sealed class RunWaiter
    {
        private const int MaxConcurrentPolls = 8;
        private static readonly TimeSpan SourceSafetyPoll = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan RateLimitedPoll = TimeSpan.FromSeconds(30);

        private readonly Func<TaskRunProvider, ApiClient> _clientFor;
        private readonly TimeSpan _pollInterval;
        private readonly bool _waitingCountsAsFinished;
        private readonly ICommandLog _log;

        public RunWaiter(Func<TaskRunProvider, ApiClient> clientFor, TimeSpan pollInterval, bool waitingCountsAsFinished, ICommandLog log)
        {
            _clientFor = clientFor;
            _pollInterval = pollInterval;
            _waitingCountsAsFinished = waitingCountsAsFinished;
            _log = log;
        }

        /// <summary>A run ended (or waits for input and that counts): its final state.</summary>
        public Action<TaskRun>? Finished { get; set; }

        /// <summary>A run waits for a person; called once per run with a description of what it waits for.</summary>
        public Action<TaskRun, string>? WaitingForInput { get; set; }

        /// <summary>A run can no longer be watched (not found, bad request).</summary>
        public Action<TaskRun, Exception>? Failed { get; set; }

        /// <summary>(finished, total, elapsed) after each round.</summary>
        public Action<int, int, TimeSpan>? Progress { get; set; }

        /// <summary>The push source of a provider's runs, if its adapter has one (a seam: tests push updates by hand).</summary>
        internal Func<TaskRunProvider, IRunEventSource?> EventSourceFor { get; set; } = provider => ProviderRegistry.Get(provider) as IRunEventSource;

        /// <summary>
        /// Called on the loop each round right after it took the pushed updates and source changes, before it polls: a seam
        /// for tests that must deliver an update at exactly that moment.
        /// </summary>
        internal Action? TookUpdates { get; set; }

        /// <summary>Waits; returns the last known state of every run that did not finish in time (empty if all did, or -Any was satisfied).</summary>
        public async Task<IReadOnlyList<TaskRun>> WaitAsync(IReadOnlyList<TaskRun> runs, TimeSpan timeout, bool any, CancellationToken cancellationToken)
        {
            var round = new Round(runs);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            List<Task> sources = StartEventSources(round, stop.Token);
            try
            {
                while (round.Pending.Count > 0)
                {
                    // Cleared before looking: whatever a source pushes or changes from here on wakes the next sleep.
                    round.Wake.Reset();
                    round.ApplyPushed();
                    TimeSpan now = round.Clock.Elapsed;
                    RepollOnSourceChange(round, now);
                    TookUpdates?.Invoke();
                    List<WatchedRun> due = round.Pending.Values.Where(w => w.NextPoll <= now).ToList();
                    await PollAsync(due, round, now, stop.Token).ConfigureAwait(false);
                    if (Settle(round, any)) return Array.Empty<TaskRun>();
                    Progress?.Invoke(round.Finished, round.Total, round.Clock.Elapsed);
                    if (round.Pending.Count == 0) break;

                    TimeSpan left = timeout - round.Clock.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    // With a progress bar, wake at least once a second so its elapsed time moves between polls.
                    await SleepAsync(round, Progress != null && left > ProgressTick ? ProgressTick : left, stop.Token).ConfigureAwait(false);
                }
                return round.Pending.Values.Select(w => w.Last).ToList();
            }
            finally
            {
                stop.Cancel();
                foreach (Task source in sources)
                {
                    try { await source.ConfigureAwait(false); } catch { /* a source is best-effort; polling covered it */ }
                }
            }
        }

        /// <summary>
        /// A source connected: read each of its provider's runs once more, so an end that happened before the subscription
        /// (after the first poll) is not left to the slow safety poll. Disconnected: back to the normal interval.
        /// </summary>
        private void RepollOnSourceChange(Round round, TimeSpan now)
        {
            foreach (var source in round.Sources)
            {
                if (!source.Value.TakeChange()) continue;
                bool connected = source.Value.Connected;
                foreach (WatchedRun w in round.Pending.Values.Where(w => w.Last.Provider == source.Key))
                    w.NextPoll = connected ? now : Min(w.NextPoll, now + _pollInterval);
            }
        }

        /// <summary>Drops runs that cannot be watched, warns once about runs waiting for a person, reports finished runs; true when -Any is satisfied.</summary>
        private bool Settle(Round round, bool any)
        {
            foreach (WatchedRun w in round.Pending.Values.ToList())
            {
                if (w.Dropped)
                {
                    round.Pending.Remove(Key(w.Last.Provider, w.Last.Id));
                    round.Total--;
                    continue;
                }
                bool waiting = w.Last.Status == TaskRunStatus.WaitingForInput;
                if (waiting && !w.Warned)
                {
                    w.Warned = true;
                    WaitingForInput?.Invoke(w.Last, ProviderRegistry.Get(w.Last.Provider).DescribeWait(w.Last));
                }
                if (w.Last.IsTerminal || (waiting && _waitingCountsAsFinished))
                {
                    round.Pending.Remove(Key(w.Last.Provider, w.Last.Id));
                    round.Finished++;
                    Finished?.Invoke(w.Last);
                    if (any) return true;
                }
            }
            return false;
        }

        /// <summary>How often the progress (runs finished, time elapsed) is reported while nothing is due.</summary>
        internal static readonly TimeSpan ProgressTick = TimeSpan.FromSeconds(1);

        /// <summary>Sleeps until the next due poll, a pushed update or the deadline (or the next progress tick), whichever comes first.</summary>
        private static async Task SleepAsync(Round round, TimeSpan left, CancellationToken cancellationToken)
        {
            TimeSpan nextDue = round.Pending.Values.Min(w => w.NextPoll) - round.Clock.Elapsed;
            TimeSpan sleep = nextDue < TimeSpan.Zero ? TimeSpan.Zero : nextDue > left ? left : nextDue;
            if (sleep > TimeSpan.Zero) await round.Wake.WaitAsync(sleep, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        private async Task PollAsync(List<WatchedRun> due, Round round, TimeSpan now, CancellationToken cancellationToken)
        {
            using var gate = new SemaphoreSlim(MaxConcurrentPolls);
            await Task.WhenAll(due.Select(async w =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    ApiClient client = _clientFor(w.Last.Provider);
                    TaskRun fresh = await ProviderRegistry.Get(w.Last.Provider).RefreshAsync(client, w.Last, cancellationToken).ConfigureAwait(false);
                    w.Last = Merge(w.Last, fresh);
                    bool pushed = round.Sources.TryGetValue(w.Last.Provider, out EventSourceState? source) && source.Connected;
                    w.NextPoll = now + (pushed && SourceSafetyPoll > _pollInterval ? SourceSafetyPoll : _pollInterval);
                }
                catch (TaskRunApiException e) when (e.IsTransient)
                {
                    TimeSpan backoff = e.ErrorId == "RateLimited" && RateLimitedPoll > _pollInterval ? RateLimitedPoll : _pollInterval;
                    _log.Verbose($"{w.Last.Provider} run {w.Last.Id}: {e.Message} Polling again in {backoff.TotalSeconds:0} s.");
                    w.NextPoll = now + backoff;
                }
                catch (Exception e) when ((e is TaskRunApiException api && !api.StopsCommand) || e is TaskRunInputException)
                {
                    w.Dropped = true;
                    Failed?.Invoke(w.Last, e);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        }

        /// <summary>Starts a listener for each provider of the watched runs whose adapter can push updates (<see cref="IRunEventSource"/>).</summary>
        private List<Task> StartEventSources(Round round, CancellationToken cancellationToken)
        {
            var started = new List<Task>();
            foreach (TaskRunProvider provider in round.Pending.Values.Select(w => w.Last.Provider).Distinct().ToList())
            {
                if (EventSourceFor(provider) is not IRunEventSource source) continue;
                ApiClient client;
                try { client = _clientFor(provider); }
                catch (TaskRunInputException) { continue; } // reported by the first poll
                var state = new EventSourceState();
                round.Sources[provider] = state;
                started.Add(Task.Run(() => ListenAsync(provider, source, client, state, round, cancellationToken)));
            }
            return started;
        }

        private async Task ListenAsync(TaskRunProvider provider, IRunEventSource source, ApiClient client, EventSourceState state, Round round, CancellationToken cancellationToken)
        {
            try
            {
                await source.ListenAsync(client, () =>
                {
                    state.Set(connected: true);
                    round.Wake.Set();
                    _log.Verbose($"{provider}: following the daemon's event stream; runs are noticed as soon as they end.");
                }, run =>
                {
                    round.Pushed.Enqueue(run);
                    round.Wake.Set();
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _log.Verbose($"{provider}: the event stream is not available ({e.Message}); polling instead.");
            }
            finally
            {
                if (state.Connected && !cancellationToken.IsCancellationRequested)
                {
                    _log.Verbose($"{provider}: the event stream ended; polling instead.");
                    state.Set(connected: false);
                    round.Wake.Set();
                }
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        /// <summary>Keeps what the refreshed object lacks (a status-only or streamed update may not carry the task id).</summary>
        private static TaskRun Merge(TaskRun previous, TaskRun fresh)
        {
            if (fresh.TaskId is null) fresh.TaskId = previous.TaskId;
            return fresh;
        }

        private static string Key(TaskRunProvider provider, string id) => provider + "|" + id;

        /// <summary>The runs being watched and what the loop shares with the event sources.</summary>
        private sealed class Round
        {
            public Round(IReadOnlyList<TaskRun> runs)
            {
                foreach (TaskRun run in runs) Pending[Key(run.Provider, run.Id)] = new WatchedRun(run);
                Total = Pending.Count;
            }

            public Stopwatch Clock { get; } = Stopwatch.StartNew();
            public Dictionary<string, WatchedRun> Pending { get; } = new(StringComparer.Ordinal);
            public Dictionary<TaskRunProvider, EventSourceState> Sources { get; } = new();
            public ConcurrentQueue<TaskRun> Pushed { get; } = new();
            public WakeSignal Wake { get; } = new();
            public int Total;
            public int Finished;

            /// <summary>Takes the updates the sources pushed since the last round.</summary>
            public void ApplyPushed()
            {
                while (Pushed.TryDequeue(out TaskRun? update))
                    if (Pending.TryGetValue(Key(update.Provider, update.Id), out WatchedRun? watched)) watched.Last = Merge(watched.Last, update);
            }
        }

        /// <summary>Whether a provider's event source is connected, and whether that changed since the loop last looked.</summary>
        private sealed class EventSourceState
        {
            private volatile bool _connected;
            private int _changed;

            public bool Connected => _connected;

            public void Set(bool connected)
            {
                _connected = connected;
                Interlocked.Exchange(ref _changed, 1);
            }

            public bool TakeChange() => Interlocked.Exchange(ref _changed, 0) == 1;
        }

        private sealed class WatchedRun
        {
            public WatchedRun(TaskRun run) => Last = run;
            public TaskRun Last;
            public TimeSpan NextPoll = TimeSpan.Zero;
            public bool Warned;
            public bool Dropped;
        }
    }
}
