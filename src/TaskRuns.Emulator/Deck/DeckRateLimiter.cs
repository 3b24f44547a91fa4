namespace TaskRuns.Emulator.Deck;

/// <summary>
/// Deck's documented limit: 200 requests per 10 s per organization (the emulator's organization is the API key). A sliding
/// window (a log of accepted request times per key): Deck does not say fixed or sliding, and a client that stays under a
/// sliding window also stays under any fixed one. Refused requests are not counted, so a client that backs off recovers as
/// soon as the oldest accepted request leaves the window. <see cref="EmulatorOptions.DeckRateLimit"/> and
/// <see cref="EmulatorOptions.DeckRateLimitWindowMs"/> are read per request (0 = no limit).
/// </summary>
internal sealed class DeckRateLimiter
{
    private readonly EmulatorOptions _options;
    private readonly Dictionary<string, Queue<long>> _accepted = new(StringComparer.Ordinal);

    public DeckRateLimiter(EmulatorOptions options)
    {
        _options = options;
    }

    /// <summary>True when the request may go on; false when it must get 429 rate_limit_exceeded.</summary>
    public bool TryAcquire(HttpContext context)
    {
        var limit = _options.DeckRateLimit;
        if (limit <= 0)
        {
            return true;
        }

        var key = Http.BearerToken.Read(context) ?? "";
        var now = Environment.TickCount64;
        var windowStart = now - Math.Max(1, _options.DeckRateLimitWindowMs);
        lock (_accepted)
        {
            if (!_accepted.TryGetValue(key, out var times))
            {
                times = new Queue<long>();
                _accepted[key] = times;
            }

            while (times.Count > 0 && times.Peek() <= windowStart)
            {
                times.Dequeue();
            }

            if (times.Count >= limit)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
