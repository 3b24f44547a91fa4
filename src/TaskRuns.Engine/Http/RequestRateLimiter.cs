using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Http
{
    /// <summary>
    /// A sliding-window limiter: at most <see cref="RequestRateLimit.Requests"/> requests in any window. One per origin and
    /// API key for the whole process (static), so every command and runspace — ForEach-Object -Parallel fan-out, runspace
    /// pools — shares one budget, as the provider counts it. The key is known only by its SHA-256 hash.
    /// </summary>
    /// <remarks>
    /// A request counts from the moment it is admitted until one window after it has <em>completed</em>, not one window
    /// after it was admitted: the server counts it when it arrives, which is somewhere between the two, and on a busy
    /// machine (16 runspaces on 2 cores) an admitted request can reach the server seconds later. Counted this way, any
    /// window of the server's holds at most the budget: when the last request arriving in it was admitted, every other
    /// one arriving in it was still in flight or had completed less than a window before, so it was counted.
    /// </remarks>
    internal sealed class RequestRateLimiter
    {
        private static readonly ConcurrentDictionary<string, RequestRateLimiter> Limiters = new(StringComparer.Ordinal);
        private readonly List<Admission> _counted = new();
        private readonly long _windowTicks;
        private int _waiting;

        private RequestRateLimiter(RequestRateLimit limit)
        {
            Limit = limit;
            _windowTicks = (long)(limit.Window.TotalSeconds * Stopwatch.Frequency);
        }

        public RequestRateLimit Limit { get; }

        /// <summary>
        /// Requests that could be admitted right now without waiting, while others compete for the budget: more than
        /// one request is waiting for admission or in flight (a listing deciding how to go on has at most its own
        /// prefetch there, waiting or in flight). Null when nobody else is using the budget at this moment — a spent
        /// window then only means an earlier command used it, and waiting for it costs every way of listing alike.
        /// </summary>
        public int? AvailableWhileShared
        {
            get
            {
                lock (_counted)
                {
                    Forget(Stopwatch.GetTimestamp());
                    int inFlight = 0;
                    foreach (Admission a in _counted)
                        if (a.CompletedAt is null) inFlight++;
                    if (Volatile.Read(ref _waiting) + inFlight <= 1) return null;
                    return Math.Max(0, Limit.Requests - _counted.Count);
                }
            }
        }

        public static RequestRateLimiter For(Uri baseUri, ApiCredential? credential, RequestRateLimit limit)
        {
            string key = ProviderBudgetKey.For(baseUri, credential) + "|" + limit.Requests + "/" + limit.Window.Ticks;
            return Limiters.GetOrAdd(key, _ => new RequestRateLimiter(limit));
        }

        /// <summary>
        /// Waits until one more request fits in the window and counts it; dispose the admission when the request has
        /// completed (answered, failed or cancelled), from when it counts one more window.
        /// </summary>
        public async Task<Admission> WaitAsync(CancellationToken cancellationToken)
        {
            long started = Stopwatch.GetTimestamp();
            while (true)
            {
                long wait;
                lock (_counted)
                {
                    long now = Stopwatch.GetTimestamp();
                    Forget(now);
                    if (_counted.Count < Limit.Requests)
                    {
                        var admitted = new Admission(this, TimeSpan.FromSeconds((double)(now - started) / Stopwatch.Frequency));
                        _counted.Add(admitted);
                        return admitted;
                    }
                    long? leaves = null;
                    foreach (Admission a in _counted)
                        if (a.CompletedAt is long done && (leaves is null || done + _windowTicks < leaves)) leaves = done + _windowTicks;
                    // Every counted request still in flight: none leaves before it completes and a window passes.
                    wait = leaves is long at ? at - now : _windowTicks / 50;
                }
                // Several waiters may wake for one free place; the others wait again for the next one.
                Interlocked.Increment(ref _waiting);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1.0, wait) / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }
        }

        /// <summary>Drops the requests that completed a window or more before <paramref name="now"/>; call under the lock.</summary>
        private void Forget(long now) => _counted.RemoveAll(a => a.CompletedAt is long done && now - done >= _windowTicks);

        private void Complete(Admission admission)
        {
            lock (_counted) admission.CompletedAt ??= Stopwatch.GetTimestamp();
        }

        /// <summary>One request counted in the window; disposing it marks the request completed (once).</summary>
        internal sealed class Admission : IRequestPermit
        {
            private readonly RequestRateLimiter _limiter;

            public Admission(RequestRateLimiter limiter, TimeSpan waited)
            {
                _limiter = limiter;
                Waited = waited;
            }

            /// <summary>How long the request waited for the budget.</summary>
            public TimeSpan Waited { get; }

            /// <summary>When the request completed (Stopwatch ticks); null while in flight. Guarded by the limiter's lock.</summary>
            public long? CompletedAt { get; set; }

            /// <summary>Nothing to mark: the budget counts the request from its admission, whatever flow sends it.</summary>
            public void Hold() { }

            public void Dispose() => _limiter.Complete(this);
        }
    }
}
