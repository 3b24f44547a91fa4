using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TaskRuns.Emulator.Anchor;
using TaskRuns.Emulator.BrowserAct;
using TaskRuns.Emulator.Control;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Deck;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;
using TaskRuns.Emulator.RunWisp;

namespace TaskRuns.Emulator;

/// <summary>One running emulator: the four provider APIs and /_emulator/ control routes on one loopback origin.</summary>
public sealed partial class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BackendLoop _ticker;
    private readonly ForcedFaultQueue _forcedFaults;
    private readonly StreamDropSignal _drops;
    private readonly RunWispBackend _runWisp;
    private readonly BackendLoop? _spawner;
    private int _stopped;

    private EmulatorHost(WebApplication app, BackendLoop ticker, ForcedFaultQueue forcedFaults, Uri baseUri, EmulatorStats stats, EmulatorStore store, EmulatorOptions options,
        StreamDropSignal drops, RunWispBackend runWisp, BackendLoop? spawner)
    {
        _drops = drops;
        _runWisp = runWisp;
        _spawner = spawner;
        _app = app;
        _ticker = ticker;
        _forcedFaults = forcedFaults;
        BaseUri = baseUri;
        Stats = stats;
        Store = store;
        Options = options;
    }

    /// <summary>The bound origin, e.g. http://127.0.0.1:41234/ (Deck is BaseUri + "v2"; doubled slashes are tolerated).</summary>
    public Uri BaseUri { get; }

    /// <summary>The bound origin without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl => BaseUri.GetLeftPart(UriPartial.Authority);

    public EmulatorStats Stats { get; }

    public EmulatorStore Store { get; }

    public EmulatorOptions Options { get; }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var stats = new EmulatorStats();
        var forcedFaults = new ForcedFaultQueue();
        var drops = new StreamDropSignal();

        // Seeding is CPU work; the four providers seed in parallel.
        var anchorSeeding = Task.Run(() => new AnchorBackend(options), ct);
        var runWispSeeding = Task.Run(() => new RunWispBackend(options), ct);
        var deckSeeding = Task.Run(() => new DeckBackend(options), ct);
        var browserActSeeding = Task.Run(() => new BrowserActBackend(options), ct);
        await Task.WhenAll(anchorSeeding, runWispSeeding, deckSeeding, browserActSeeding);
        var (anchor, runWisp, deck, browserAct) = (anchorSeeding.Result, runWispSeeding.Result, deckSeeding.Result, browserActSeeding.Result);
        IProviderBackend[] backends = [anchor, runWisp, deck, browserAct];
        var store = new EmulatorStore(backends);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start (e.g. port in use) surfaces as the exception of StartAsync; don't also log it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Room for hostile input tests (a 10 kB id, escaped up to 9x): such a request must reach its route, not
            // die as 414 in Kestrel's default 8 KB request line.
            kestrel.Limits.MaxRequestLineSize = 256 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 288 * 1024;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
            {
                stats.AddConnection();
                return next(connection);
            }));
        });

        var app = builder.Build();
        app.Use((context, next) =>
        {
            RequestId.Assign(context);
            var path = context.Request.Path.Value;
            if (path is not null && path.Contains("//", StringComparison.Ordinal))
            {
                context.Request.Path = new PathString(RepeatedSlashes().Replace(path, "/"));
            }

            return next(context);
        });
        app.UseRouting();
        var backendsByName = backends.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        var selector = new FaultSelector(options, forcedFaults);
        app.Use(next => new ProviderRequestMiddleware(next, options, stats, selector, backendsByName, new DeckRateLimiter(options)).InvokeAsync);

        new ControlEndpoints(stats, store, forcedFaults, drops, runWisp).Map(app);
        new AnchorApi(anchor, options, stats).Map(app);
        new RunWispApi(runWisp, options, stats, drops, app.Lifetime.ApplicationStopping).Map(app);
        new DeckApi(deck, options, stats).Map(app);
        new BrowserActApi(browserAct, options, stats).Map(app);
        RunWispWebUi.Map(app);

        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? options.Urls.Split(';')[0];
        var ticker = BackendLoop.Ticker(backends, TimeSpan.FromMilliseconds(100));
        var spawner = options.SpawnIntervalMs > 0 ? BackendLoop.Spawner(backends, stats, TimeSpan.FromMilliseconds(options.SpawnIntervalMs)) : null;
        return new EmulatorHost(app, ticker, forcedFaults, new Uri(address.TrimEnd('/') + "/"), stats, store, options, drops, runWisp, spawner);
    }

    /// <summary>
    /// The next <paramref name="count"/> requests of <paramref name="provider"/> that the fault applies to
    /// (paging traps: run-list requests only), after skipping <paramref name="afterRequests"/> of them, get <paramref name="fault"/>.
    /// With <paramref name="path"/> (e.g. "/api/runs/stream") only requests for that path count.
    /// </summary>
    public void ForceFaults(string provider, string fault, int count, int afterRequests = 0, string? path = null)
    {
        _forcedFaults.Add(provider, fault, count, afterRequests, path);
    }

    /// <summary>Ends every open SSE connection (RunWisp run and log streams) by aborting it, so clients can test reconnecting.</summary>
    public void DropStreams() => _drops.Drop();

    /// <summary>SSE connections ended by <see cref="DropStreams"/> so far.</summary>
    public long StreamsDropped => _drops.Dropped;

    /// <summary>
    /// Makes one RunWisp run's log <paramref name="bytes"/> long (100-byte lines generated on the fly, never held in memory), for
    /// memory benchmarks; 0 gives it back its normal log. Unknown ids are accepted (the run may be triggered later).
    /// </summary>
    public void MakeRunWispLogHuge(string runId, long bytes) => _runWisp.Logs.MakeHuge(runId, bytes);

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_spawner is not null)
        {
            await _spawner.DisposeAsync();
        }

        await _ticker.DisposeAsync();
        _drops.Drop();
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private static void Validate(EmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            throw new ArgumentException("Urls is required.", nameof(options));
        }

        if (options.FaultRate is < 0 or > 1)
        {
            throw new ArgumentException("FaultRate must be between 0 and 1.", nameof(options));
        }

        var unknown = options.Faults.Where(f => !FaultKinds.IsKnown(f)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown fault kinds: {string.Join(", ", unknown)}. Known: {string.Join(", ", FaultKinds.All)}.", nameof(options));
        }

        if (options.RunWispApi is not ("seed" or "new"))
        {
            throw new ArgumentException("RunWispApi must be \"seed\" or \"new\".", nameof(options));
        }

        if (options.RunsPerTask < 0 || options.TasksPerProvider < 1)
        {
            throw new ArgumentException("RunsPerTask must be >= 0 and TasksPerProvider >= 1.", nameof(options));
        }

        if (options.DeckRateLimit < 0 || options.DeckRateLimitWindowMs < 1 || options.SpawnIntervalMs < 0 || options.AnchorConcurrencyLimit < 0)
        {
            throw new ArgumentException("DeckRateLimit, AnchorConcurrencyLimit and SpawnIntervalMs must be >= 0, DeckRateLimitWindowMs >= 1.", nameof(options));
        }

        if (options.SsePingSeconds < 1)
        {
            throw new ArgumentException("SsePingSeconds must be >= 1.", nameof(options));
        }
    }

    [GeneratedRegex("/{2,}")]
    private static partial Regex RepeatedSlashes();
}
