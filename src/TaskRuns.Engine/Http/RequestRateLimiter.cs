using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Http
{
    /// <summary>
    /// A sliding-window limiter: at most <see cref="RequestRateLimit.Requests"/> sends in any window. One per origin and
    /// API key for the whole process (static), so every command and runspace — ForEach-Object -Parallel fan-out, runspace
    /// pools — shares one budget, as the provider counts it. The key is known only by its SHA-256 hash.
    /// </summary>
    internal sealed class RequestRateLimiter
    {
        private static readonly ConcurrentDictionary<string, RequestRateLimiter> Limiters = new(StringComparer.Ordinal);
        private readonly Queue<long> _sent = new();
        private readonly long _windowTicks;

        private RequestRateLimiter(RequestRateLimit limit)
        {
            Limit = limit;
            _windowTicks = (long)(limit.Window.TotalSeconds * Stopwatch.Frequency);
        }

        public RequestRateLimit Limit { get; }

        /// <summary>The limiter shared by every request to <paramref name="baseUri"/>'s origin with <paramref name="credential"/>.</summary>
        public static RequestRateLimiter For(Uri baseUri, ApiCredential? credential, RequestRateLimit limit)
        {
            string key = ProviderBudgetKey.For(baseUri, credential) + "|" + limit.Requests + "/" + limit.Window.Ticks;
            return Limiters.GetOrAdd(key, _ => new RequestRateLimiter(limit));
        }

        /// <summary>Waits until one more request fits in the window and counts it; returns how long it waited.</summary>
        public async Task<TimeSpan> WaitAsync(CancellationToken cancellationToken)
        {
            long started = Stopwatch.GetTimestamp();
            while (true)
            {
                long wait;
                lock (_sent)
                {
                    long now = Stopwatch.GetTimestamp();
                    while (_sent.Count > 0 && now - _sent.Peek() >= _windowTicks) _sent.Dequeue();
                    if (_sent.Count < Limit.Requests)
                    {
                        _sent.Enqueue(now);
                        return TimeSpan.FromSeconds((double)(now - started) / Stopwatch.Frequency);
                    }
                    wait = _sent.Peek() + _windowTicks - now;
                }
                // Several waiters may wake for one free slot; the others wait again for the next one.
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1.0, wait) / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
