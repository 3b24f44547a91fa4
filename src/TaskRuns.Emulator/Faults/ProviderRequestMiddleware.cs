using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Faults;

/// <summary>
/// Runs in front of every provider API endpoint: counts the request (and keeps it counted as in flight until its handler
/// returns, however it ends), adds latency, advances triggered runs, then applies the chosen fault (or passes the
/// request through).
/// </summary>
internal sealed class ProviderRequestMiddleware
{
    private readonly RequestDelegate _next;
    private readonly EmulatorOptions _options;
    private readonly EmulatorStats _stats;
    private readonly FaultSelector _selector;
    private readonly IReadOnlyDictionary<string, IProviderBackend> _backends;
    private readonly Deck.DeckRateLimiter _deckRateLimiter;

    public ProviderRequestMiddleware(
        RequestDelegate next,
        EmulatorOptions options,
        EmulatorStats stats,
        FaultSelector selector,
        IReadOnlyDictionary<string, IProviderBackend> backends,
        Deck.DeckRateLimiter deckRateLimiter)
    {
        _deckRateLimiter = deckRateLimiter;
        _next = next;
        _options = options;
        _stats = stats;
        _selector = selector;
        _backends = backends;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<ProviderEndpoint>();
        if (endpoint is null)
        {
            await _next(context);
            return;
        }

        var stats = _stats.For(endpoint.Provider);
        var inFlight = stats.EnterFlight();
        try
        {
            stats.AddRequest(endpoint.IsRunList);
            stats.Record(RecordedRequest.From(context));
            await InvokeProviderAsync(context, endpoint, stats, inFlight);
        }
        finally
        {
            stats.ExitFlight();
        }
    }

    private async Task InvokeProviderAsync(HttpContext context, ProviderEndpoint endpoint, ProviderStats stats, long inFlight)
    {
        var backend = _backends[endpoint.Provider];

        // Anchor's limit on requests in flight at once, counted on arrival (before latency and faults): one request over
        // it is refused at once, as Anchor answers its documented 429s (JSON error, Retry-After in seconds).
        if (endpoint.Provider == ProviderNames.Anchor && _options.AnchorConcurrencyLimit > 0 && inFlight > _options.AnchorConcurrencyLimit)
        {
            stats.AddRateLimited(endpoint.IsRunList);
            context.Response.Headers.RetryAfter = "1";
            await backend.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests,
                $"Too many concurrent requests: at most {_options.AnchorConcurrencyLimit.ToString(CultureInfo.InvariantCulture)} at a time.");
            return;
        }

        if (_options.LatencyMs > 0 && !await DelayAsync(_options.LatencyMs, context))
        {
            return;
        }

        // Deck's own limiter answers before any injected fault is chosen, so a refused request never uses up a forced fault
        // (the client's retry meets it instead); its 429s are counted apart (rateLimited, not faultsInjected).
        if (endpoint.Provider == ProviderNames.Deck && !_deckRateLimiter.TryAcquire(context))
        {
            stats.AddRateLimited(endpoint.IsRunList);
            await backend.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, ReasonPhrases.GetReasonPhrase(StatusCodes.Status429TooManyRequests));
            return;
        }

        var fault = _selector.Choose(context, endpoint, out var unknownKind);
        if (unknownKind is not null)
        {
            await JsonResponse.WriteTextAsync(context, StatusCodes.Status400BadRequest,
                $"Unknown {FaultSelector.HeaderName} '{unknownKind}'. Known kinds: {string.Join(", ", FaultKinds.All)}\n",
                "text/plain; charset=utf-8");
            return;
        }

        backend.AdvanceTriggeredRuns(DateTimeOffset.UtcNow);
        if (fault is null)
        {
            await _next(context);
            return;
        }

        await ApplyAsync(context, endpoint, backend, stats, fault);
    }

    private async Task ApplyAsync(HttpContext context, ProviderEndpoint endpoint, IProviderBackend backend, ProviderStats stats, string fault)
    {
        var statusCode = FaultKinds.StatusCodeOf(fault);
        if (statusCode is int status)
        {
            stats.AddFault(fault);
            // Deck documents no Retry-After for its 429, so it never sends one.
            if (endpoint.Provider != ProviderNames.Deck)
            {
                if (fault == FaultKinds.TooManyRequests)
                {
                    context.Response.Headers.RetryAfter = "1";
                }
                else if (fault == FaultKinds.TooManyRequestsDate)
                {
                    // HTTP-dates have whole seconds: rounding now + 0.5 s up lands 0.5 to 1.5 s ahead.
                    var at = DateTimeOffset.UtcNow.AddSeconds(0.5);
                    at = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
                    context.Response.Headers.RetryAfter = at.ToString("R", CultureInfo.InvariantCulture);
                }
            }

            await backend.WriteErrorAsync(context, status, ReasonPhrases.GetReasonPhrase(status));
            return;
        }

        switch (fault)
        {
            case FaultKinds.Reset:
                stats.AddFault(fault);
                context.Abort();
                return;

            case FaultKinds.Slow:
                stats.AddFault(fault);
                if (await DelayAsync(_options.SlowMs, context))
                {
                    await _next(context);
                }

                return;

            case FaultKinds.Html:
                stats.AddFault(fault);
                await JsonResponse.WriteTextAsync(context, StatusCodes.Status502BadGateway, ProxyErrorPage.Html, "text/html");
                return;

            case FaultKinds.Empty:
                stats.AddFault(fault);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 0;
                return;

            case FaultKinds.Truncated:
            case FaultKinds.ResetAfterProcessing:
                await BufferedAsync(context, stats, fault);
                return;

            default:
                PagingTrap.Park(context, fault);
                await _next(context);
                return;
        }
    }

    /// <summary>Runs the real handler into a buffer, then either aborts the connection or sends half the body.</summary>
    private async Task BufferedAsync(HttpContext context, ProviderStats stats, string fault)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await _next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        stats.AddFault(fault);
        if (fault == FaultKinds.ResetAfterProcessing)
        {
            context.Abort();
            return;
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var half = body[..(body.Length / 2)];
        await JsonResponse.WriteBytesAsync(context, StatusCodes.Status200OK, half, JsonResponse.JsonContentType);
    }

    /// <summary>
    /// Waits at least <paramref name="milliseconds"/> by the stopwatch (false when the client went away first). Task.Delay
    /// alone may end early: its timers count a coarse clock (on Linux one tick can be 4 ms), and Task.Delay(3) was seen to
    /// end after 0.35 ms — a "3 ms network" that sometimes answered as fast as loopback.
    /// </summary>
    private static async Task<bool> DelayAsync(int milliseconds, HttpContext context)
    {
        var wanted = TimeSpan.FromMilliseconds(milliseconds);
        long started = Stopwatch.GetTimestamp();
        try
        {
            for (var left = wanted; left > TimeSpan.Zero; left = wanted - Stopwatch.GetElapsedTime(started))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), context.RequestAborted);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
