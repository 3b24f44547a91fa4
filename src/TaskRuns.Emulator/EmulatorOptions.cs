using TaskRuns.Emulator.Faults;

namespace TaskRuns.Emulator;

/// <summary>Settings of one emulator instance (see README.md and <c>--help</c>).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Where to listen. "http://127.0.0.1:0" picks a free port (read <see cref="EmulatorHost.BaseUri"/>).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5199";

    /// <summary>API key accepted by Anchor (<c>anchor-api-key</c>), Deck and BrowserAct (<c>Authorization: Bearer</c>).</summary>
    public string ApiKey { get; set; } = "emulator-key";

    /// <summary>The RunWisp daemon password used by its challenge/response login.</summary>
    public string RunWispPassword { get; set; } = "emulator-password";

    /// <summary>Seed of the generated data (one <see cref="Random"/> per provider).</summary>
    public int Seed { get; set; } = 42;

    public int RunsPerTask { get; set; } = 250;

    public int TasksPerProvider { get; set; } = 3;

    /// <summary>Delay added to every provider API request.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Probability (0..1) that a provider API request gets a random fault from <see cref="Faults"/>.</summary>
    public double FaultRate { get; set; }

    /// <summary>Fault kinds random faults are drawn from.</summary>
    public IReadOnlyList<string> Faults { get; set; } = FaultKinds.All;

    /// <summary>Each run-list request first inserts this many new (newest, terminal) runs.</summary>
    public int InsertsPerListRequest { get; set; }

    /// <summary>Triggered runs: queued → running after 1/3 of this, terminal at this.</summary>
    public int RunDurationMs { get; set; } = 3000;

    /// <summary>"seed" (RunWisp 0.4.x shapes) or "new" (items, instance_index, /api/runs/{id}, /api/auth/login with PBKDF2).</summary>
    public string RunWispApi { get; set; } = "seed";

    /// <summary>How long the "slow" fault stalls before answering.</summary>
    public int SlowMs { get; set; } = 10000;

    /// <summary>Interval of <c>event: ping</c> on the RunWisp SSE stream.</summary>
    public int SsePingSeconds { get; set; } = 30;

    /// <summary>RunWisp login attempts allowed per IP within <see cref="RunWispLoginWindow"/> (0 = unlimited).</summary>
    public int RunWispLoginLimit { get; set; } = 5;

    /// <summary>The window of <see cref="RunWispLoginLimit"/>: 5 minutes, as the daemon has it; tests shorten it to see a wait end.</summary>
    public TimeSpan RunWispLoginWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of RunWisp tokens.</summary>
    public TimeSpan RunWispTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// RunWisp with auth switched off (the daemon's <c>RUNWISP_AUTH=off</c> / 0.4.x <c>RUNWISP_NO_AUTH</c>): every route answers
    /// without a token, <c>/api/auth/status</c> and <c>/api/info</c> say so, and a login still succeeds (any response is accepted).
    /// </summary>
    public bool RunWispAuthDisabled { get; set; }

    /// <summary>Deck requests allowed per API key within <see cref="DeckRateLimitWindowMs"/> (sliding window); 0 = no limit.</summary>
    public int DeckRateLimit { get; set; } = 200;

    /// <summary>Length of Deck's rate-limit window (Deck documents 200 requests per 10 s).</summary>
    public int DeckRateLimitWindowMs { get; set; } = 10_000;

    /// <summary>
    /// Anchor requests allowed in flight at once (Anchor documents 8); one more is answered 429 with Anchor's error body
    /// and <c>Retry-After: 1</c>. 0 = not enforced (the peak is measured either way: <see cref="ProviderStats.PeakInFlight"/>).
    /// </summary>
    public int AnchorConcurrencyLimit { get; set; }

    /// <summary>Every this many ms a new run is created in a round-robin task of each provider (it then moves through its lifecycle); 0 = off.</summary>
    public int SpawnIntervalMs { get; set; }

    /// <summary>End of the seeded 90-day history; null = start time truncated to the minute.</summary>
    public DateTimeOffset? SeedEndTime { get; set; }
}
