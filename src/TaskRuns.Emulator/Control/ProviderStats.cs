using System.Collections.Concurrent;

namespace TaskRuns.Emulator;

/// <summary>Thread-safe counters of one provider.</summary>
public sealed class ProviderStats
{
    private const int RecentRequestLimit = 256;
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _recent = new();
    private long _requests;
    private long _listRequests;
    private long _logins;
    private long _loginFailures;
    private long _runsCreated;
    private long _runsInserted;
    private long _rateLimited;
    private long _listRequestsRateLimited;
    private long _runsSpawned;
    private long _inFlight;
    private long _peakInFlight;

    internal ProviderStats(string provider)
    {
        Provider = provider;
    }

    public string Provider { get; }

    /// <summary>Every provider API request (faulted or not).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests to run-list endpoints.</summary>
    public long ListRequests => Interlocked.Read(ref _listRequests);

    /// <summary>Successful logins (RunWisp).</summary>
    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>Failed or rate-limited logins (RunWisp).</summary>
    public long LoginFailures => Interlocked.Read(ref _loginFailures);

    /// <summary>Runs created by trigger endpoints (an idempotent replay creates nothing).</summary>
    public long RunsCreated => Interlocked.Read(ref _runsCreated);

    /// <summary>Runs inserted by <see cref="EmulatorOptions.InsertsPerListRequest"/>.</summary>
    public long RunsInserted => Interlocked.Read(ref _runsInserted);

    /// <summary>Requests refused with 429 by the provider's own limit (Deck's rate, Anchor's concurrency), not by an injected fault.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>
    /// The run-list requests among <see cref="RateLimited"/>: <see cref="ListRequests"/> minus these is the pages the
    /// provider answered. A client that meets a 429 retries it, so the plain count depends on what else spent the budget.
    /// </summary>
    public long ListRequestsRateLimited => Interlocked.Read(ref _listRequestsRateLimited);

    /// <summary>The run-list requests the provider answered: <see cref="ListRequests"/> less those refused by its own limit.</summary>
    public long ListRequestsAnswered => ListRequests - ListRequestsRateLimited;

    /// <summary>Runs created by <see cref="EmulatorOptions.SpawnIntervalMs"/>.</summary>
    public long RunsSpawned => Interlocked.Read(ref _runsSpawned);

    /// <summary>
    /// Provider API requests whose handling has begun and not ended yet (open event streams included): a gauge, not a
    /// counter, so <see cref="Reset"/> leaves it alone. A client that gave up on a request (Ctrl+C) leaves it at 0 once
    /// the server has seen the connection close.
    /// </summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// The most provider API requests handled at once since start (or the last reset): what a client had in flight,
    /// requests refused by a limit included.
    /// </summary>
    public long PeakInFlight => Interlocked.Read(ref _peakInFlight);

    /// <summary>Snapshot of injected faults by kind.</summary>
    public IReadOnlyDictionary<string, long> FaultsInjected => new SortedDictionary<string, long>(_faults, StringComparer.Ordinal);

    /// <summary>
    /// The last 256 requests of this provider, oldest first, as routed (route pattern, decoded route and query values):
    /// lets tests check that an id or a search value reached the right route unchanged.
    /// </summary>
    public IReadOnlyList<RecordedRequest> RecentRequests => _recent.ToArray();

    public long FaultCount(string kind) => _faults.TryGetValue(kind, out var count) ? count : 0;

    internal void AddRequest(bool isList)
    {
        Interlocked.Increment(ref _requests);
        if (isList)
        {
            Interlocked.Increment(ref _listRequests);
        }
    }

    internal void Record(RecordedRequest request)
    {
        _recent.Enqueue(request);
        while (_recent.Count > RecentRequestLimit && _recent.TryDequeue(out _))
        {
        }
    }

    internal void AddFault(string kind) => _faults.AddOrUpdate(kind, 1, static (_, count) => count + 1);

    internal void AddLogin(bool succeeded) => Interlocked.Increment(ref succeeded ? ref _logins : ref _loginFailures);

    internal void AddRunsCreated(int count = 1) => Interlocked.Add(ref _runsCreated, count);

    internal void AddRunsInserted(int count) => Interlocked.Add(ref _runsInserted, count);

    internal void AddRateLimited(bool isList)
    {
        Interlocked.Increment(ref _rateLimited);
        if (isList)
        {
            Interlocked.Increment(ref _listRequestsRateLimited);
        }
    }

    internal void AddRunsSpawned() => Interlocked.Increment(ref _runsSpawned);

    /// <summary>A request arrives; returns how many are in flight with it.</summary>
    internal long EnterFlight()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Interlocked.Read(ref _peakInFlight);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakInFlight, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }

        return now;
    }

    internal void ExitFlight() => Interlocked.Decrement(ref _inFlight);

    internal void Reset()
    {
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _listRequestsRateLimited, 0);
        Interlocked.Exchange(ref _peakInFlight, Interlocked.Read(ref _inFlight));
        Interlocked.Exchange(ref _runsSpawned, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _listRequests, 0);
        Interlocked.Exchange(ref _logins, 0);
        Interlocked.Exchange(ref _loginFailures, 0);
        Interlocked.Exchange(ref _runsCreated, 0);
        Interlocked.Exchange(ref _runsInserted, 0);
        _faults.Clear();
        _recent.Clear();
    }
}
