using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Following
{
    /// <summary>
    /// Follows the runs of one or several providers: each matching run is yielded once when it first appears and again
    /// each time its Status changes, until cancelled or the deadline passes. Each source runs on its own (its provider's
    /// change feed, or polling) and the follower interleaves what they report in arrival order. A failing poll or a
    /// dropped stream is retried with backoff and said in the log; bad credentials (401/403) end the follow.
    /// Knows no provider: a provider's way to follow comes from <see cref="FollowSource.OpenChanges"/>.
    /// </summary>
    internal sealed class RunFollower
    {
        private readonly IReadOnlyList<FollowSource> _sources;
        private readonly FollowOptions _options;
        private readonly ICommandLog _log;
        private readonly RunStateMemory _memory = new();
        private readonly ConcurrentQueue<(FollowSource Source, TaskRun Run)> _arrived = new();
        private readonly ConcurrentQueue<(FollowSource Source, TaskRun Run)> _baseline = new();
        private readonly SemaphoreSlim _wake = new(0);
        private Exception? _fatal;

        public RunFollower(IReadOnlyList<FollowSource> sources, FollowOptions options, ICommandLog log)
        {
            _sources = sources;
            _options = options;
            _log = log;
        }

        /// <summary>Runs remembered now (still going, and the window of ended ones): flat however long the follow.</summary>
        public int RememberedRuns => _memory.ActiveCount + _memory.EndedCount;

        /// <summary>
        /// Follows until cancelled or <paramref name="timeout"/> / <paramref name="until"/> passes. With
        /// <paramref name="listExisting"/> the runs that exist already (the query's -Since window, newest first, as a
        /// listing) come first; without, they are only remembered and written when they change.
        /// </summary>
        public async IAsyncEnumerable<TaskRun> FollowAsync(bool listExisting, TimeSpan? timeout, DateTimeOffset? until,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var baselined = new List<Task>();
            List<Task> workers = _sources.Select(s =>
            {
                var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                baselined.Add(ready.Task);
                return Task.Run(() => RunSourceAsync(s, ready, stop.Token));
            }).ToList();
            try
            {
                // The baseline is taken before the listing, so a run that starts in between is not missed (the
                // memory removes the repeat); it is remembered after the listing, which writes the runs it lists.
                await Task.WhenAll(baselined).ConfigureAwait(false);
                ThrowIfFatal();
                if (listExisting)
                {
                    foreach (FollowSource source in _sources)
                    {
                        var lister = new RunLister(source.Adapter, source.Client);
                        await foreach (IReadOnlyList<TaskRun> batch in lister.ListAsync(source.Query, new ListingRequest { All = true }, stop.Token).ConfigureAwait(false))
                            foreach (TaskRun run in batch)
                                if (_memory.Observe(run)) yield return run;
                    }
                }
                // A listed run is known in its newer state already: its baseline state must not count as a change.
                while (_baseline.TryDequeue(out var known))
                    if (FollowMatch.Matches(known.Source.Query, known.Run) && !_memory.Knows(known.Run)) _memory.Observe(known.Run);

                while (true)
                {
                    while (_arrived.TryDequeue(out var item))
                    {
                        if (!FollowMatch.Matches(item.Source.Query, item.Run)) continue;
                        if (_memory.Observe(item.Run)) yield return item.Run;
                    }
                    ThrowIfFatal();
                    TimeSpan? left = Left(clock, timeout, until);
                    if (left <= TimeSpan.Zero) yield break;
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    Task woken = _wake.WaitAsync(sleeping.Token);
                    await Task.WhenAny(woken, Task.Delay(left ?? Timeout.InfiniteTimeSpan, sleeping.Token)).ConfigureAwait(false);
                    sleeping.Cancel();
                    stop.Token.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                stop.Cancel();
                foreach (Task worker in workers)
                {
                    try { await worker.ConfigureAwait(false); } catch { /* reported through _fatal or the log */ }
                }
            }
        }

        private static TimeSpan? Left(Stopwatch clock, TimeSpan? timeout, DateTimeOffset? until)
        {
            TimeSpan? left = timeout is TimeSpan t ? t - clock.Elapsed : null;
            if (until is DateTimeOffset u)
            {
                TimeSpan toUntil = u - DateTimeOffset.UtcNow;
                if (left is null || toUntil < left) left = toUntil;
            }
            return left is TimeSpan l && l < TimeSpan.Zero ? TimeSpan.Zero : left;
        }

        private void ThrowIfFatal()
        {
            if (_fatal != null) throw _fatal;
        }

        /// <summary>One source: its baseline (retried until it succeeds), then its changes, retrying with backoff.</summary>
        private async Task RunSourceAsync(FollowSource source, TaskCompletionSource<bool> ready, CancellationToken cancellationToken)
        {
            TaskRunProvider provider = source.Adapter.Descriptor.Name;
            IRunChanges changes = source.OpenChanges(_options);
            int failures = 0;
            bool baselined = false;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        if (!baselined)
                        {
                            foreach (TaskRun run in await changes.BaselineAsync(cancellationToken).ConfigureAwait(false))
                                _baseline.Enqueue((source, run));
                            baselined = true;
                            ready.TrySetResult(true);
                        }
                        else
                        {
                            IReadOnlyList<TaskRun> runs = await changes.NextAsync(cancellationToken).ConfigureAwait(false);
                            foreach (TaskRun run in runs) _arrived.Enqueue((source, run));
                            if (runs.Count > 0) _wake.Release();
                        }
                        failures = 0;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e) when (Ends(e, baselined))
                    {
                        _fatal = e;
                        _wake.Release();
                        return;
                    }
                    catch (Exception e)
                    {
                        TimeSpan backoff = Backoff(++failures, e);
                        _log.Verbose($"{provider}: following: {e.Message} Trying again in {backoff.TotalSeconds:0.#} s.");
                        await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                ready.TrySetResult(false);
            }
        }

        /// <summary>Bad credentials or bad input end the follow; so does any refusal before the follow has started.</summary>
        private static bool Ends(Exception e, bool started) =>
            e is TaskRunInputException
            || (e is TaskRunApiException api && (api.StopsCommand || (!started && !api.IsTransient)));

        private TimeSpan Backoff(int failures, Exception e)
        {
            double ms = _options.FirstBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
            if (e is TaskRunApiException { RetryAfter: TimeSpan retryAfter } && retryAfter.TotalMilliseconds > ms) ms = retryAfter.TotalMilliseconds;
            ms = Math.Min(ms, _options.MaxBackoff.TotalMilliseconds);
            double jitter;
            lock (Jitter) jitter = Jitter.NextDouble();
            return TimeSpan.FromMilliseconds(ms * (0.8 + 0.4 * jitter));
        }

        private static readonly Random Jitter = new();
    }
}
