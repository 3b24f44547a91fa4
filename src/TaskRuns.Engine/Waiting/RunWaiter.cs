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
using TaskRuns.Providers.RunWisp;

namespace TaskRuns.Waiting
{
    /// <summary>
    /// Waits for many runs, of any providers, in one poll loop: each run is refreshed when its next poll is due (a few at
    /// a time), RunWisp runs are also updated from the daemon's event stream, and the loop sleeps until the next due poll,
    /// a pushed event, the deadline or cancellation — whichever comes first.
    /// </summary>
    internal sealed class RunWaiter
    {
        private const int MaxConcurrentPolls = 8;
        private static readonly TimeSpan StreamSafetyPoll = TimeSpan.FromSeconds(30);
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

        /// <summary>Waits; returns the last known state of every run that did not finish in time (empty if all did, or -Any was satisfied).</summary>
        public async Task<IReadOnlyList<TaskRun>> WaitAsync(IReadOnlyList<TaskRun> runs, TimeSpan timeout, bool any, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var pending = new Dictionary<string, WatchedRun>(StringComparer.Ordinal);
            foreach (TaskRun run in runs)
                pending[Key(run.Provider, run.Id)] = new WatchedRun(run);
            int total = pending.Count, finished = 0;

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pushed = new ConcurrentQueue<TaskRun>();
            using var wake = new SemaphoreSlim(0);
            var streamState = new EventStreamState();
            Task? stream = StartRunWispStream(pending, pushed, wake, streamState, stop.Token);

            try
            {
                while (pending.Count > 0)
                {
                    while (pushed.TryDequeue(out TaskRun? update))
                    {
                        if (pending.TryGetValue(Key(update.Provider, update.Id), out WatchedRun? watched)) watched.Last = Merge(watched.Last, update);
                    }

                    TimeSpan now = clock.Elapsed;
                    bool streamConnected = streamState.Connected;
                    if (streamState.TakeChange())
                    {
                        // Connected: read every RunWisp run once more, so an end that happened before the subscription
                        // (after the first poll) is not left to the slow safety poll. Disconnected: back to the normal interval.
                        foreach (WatchedRun w in pending.Values.Where(w => w.Last.Provider == TaskRunProvider.RunWisp))
                            w.NextPoll = streamConnected ? now : Min(w.NextPoll, now + _pollInterval);
                    }
                    List<WatchedRun> due = pending.Values.Where(w => w.NextPoll <= now).ToList();
                    await PollAsync(due, streamConnected, now, stop.Token).ConfigureAwait(false);

                    foreach (WatchedRun w in pending.Values.ToList())
                    {
                        if (w.Dropped)
                        {
                            pending.Remove(Key(w.Last.Provider, w.Last.Id));
                            total--;
                            continue;
                        }
                        bool waiting = w.Last.Status == TaskRunStatus.WaitingForInput;
                        if (waiting && !w.Warned)
                        {
                            w.Warned = true;
                            WaitingForInput?.Invoke(w.Last, DescribeWait(w.Last));
                        }
                        if (w.Last.IsTerminal || (waiting && _waitingCountsAsFinished))
                        {
                            pending.Remove(Key(w.Last.Provider, w.Last.Id));
                            finished++;
                            Finished?.Invoke(w.Last);
                            if (any) return Array.Empty<TaskRun>();
                        }
                    }
                    Progress?.Invoke(finished, total, clock.Elapsed);
                    if (pending.Count == 0) break;

                    TimeSpan left = timeout - clock.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    TimeSpan nextDue = pending.Values.Min(w => w.NextPoll) - clock.Elapsed;
                    TimeSpan sleep = nextDue < TimeSpan.Zero ? TimeSpan.Zero : nextDue > left ? left : nextDue;
                    if (sleep > TimeSpan.Zero)
                    {
                        using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                        await Task.WhenAny(Task.Delay(sleep, sleeping.Token), wake.WaitAsync(sleeping.Token)).ConfigureAwait(false);
                        // Cancel the loser: a wake.WaitAsync left pending after the delay won would take the next stream
                        // signal for itself, and the loop would sleep through that run's end until its next (30 s) poll.
                        sleeping.Cancel();
                    }
                    stop.Token.ThrowIfCancellationRequested();
                }
                return pending.Values.Select(w => w.Last).ToList();
            }
            finally
            {
                stop.Cancel();
                if (stream != null)
                {
                    try { await stream.ConfigureAwait(false); } catch { /* the stream is best-effort; polling covered it */ }
                }
            }
        }

        private async Task PollAsync(List<WatchedRun> due, bool streamConnected, TimeSpan now, CancellationToken cancellationToken)
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
                    bool pushedByStream = streamConnected && w.Last.Provider == TaskRunProvider.RunWisp;
                    w.NextPoll = now + (pushedByStream && StreamSafetyPoll > _pollInterval ? StreamSafetyPoll : _pollInterval);
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

        private Task? StartRunWispStream(Dictionary<string, WatchedRun> pending, ConcurrentQueue<TaskRun> pushed, SemaphoreSlim wake, EventStreamState state, CancellationToken cancellationToken)
        {
            if (!pending.Values.Any(w => w.Last.Provider == TaskRunProvider.RunWisp)) return null;
            ApiClient client;
            try { client = _clientFor(TaskRunProvider.RunWisp); }
            catch (TaskRunInputException) { return null; } // reported by the first poll
            return Task.Run(async () =>
            {
                try
                {
                    await RunWispEventStream.ListenAsync(client, () =>
                    {
                        state.Set(connected: true);
                        wake.Release();
                        _log.Verbose("RunWisp: following the daemon's event stream; runs are noticed as soon as they end.");
                    }, run =>
                    {
                        pushed.Enqueue(run);
                        wake.Release();
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    _log.Verbose($"RunWisp: the event stream is not available ({e.Message}); polling instead.");
                }
                finally
                {
                    if (state.Connected && !cancellationToken.IsCancellationRequested)
                    {
                        _log.Verbose("RunWisp: the event stream ended; polling instead.");
                        state.Set(connected: false);
                        wake.Release();
                    }
                }
            });
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        /// <summary>Keeps what the refreshed object lacks (a status-only or streamed update may not carry the task id).</summary>
        private static TaskRun Merge(TaskRun previous, TaskRun fresh)
        {
            if (fresh.TaskId is null) fresh.TaskId = previous.TaskId;
            return fresh;
        }

        private static string DescribeWait(TaskRun run) => run switch
        {
            DeckTaskRun { Interaction: not null } deck => $"{deck.ProviderStatus}: {InteractionText(deck.Interaction)}",
            _ => run.ProviderStatus,
        };

        private static string InteractionText(object interaction)
        {
            if (interaction is System.Management.Automation.PSObject ps)
            {
                string? type = ps.Properties["type"]?.Value?.ToString();
                string? message = ps.Properties["message"]?.Value?.ToString();
                return string.Join(" - ", new[] { type, message }.Where(s => !string.IsNullOrEmpty(s)));
            }
            return interaction.ToString() ?? string.Empty;
        }

        private static string Key(TaskRunProvider provider, string id) => provider + "|" + id;

        /// <summary>Whether RunWisp's event stream is connected, and whether that changed since the loop last looked.</summary>
        private sealed class EventStreamState
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
