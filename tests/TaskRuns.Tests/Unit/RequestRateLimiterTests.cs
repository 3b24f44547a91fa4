using System.Diagnostics;
using TaskRuns.Http;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// The budget counts a request until a window after it completes: the server counts it on arrival, somewhere between
/// admission and completion, so counting from admission lets requests delayed on the way arrive bunched in one window.
/// </summary>
public sealed class RequestRateLimiterTests
{
    private static RequestRateLimiter Fresh(TimeSpan window) =>
        RequestRateLimiter.For(new Uri($"http://limiter-{Guid.NewGuid():N}.test/"), null, new RequestRateLimit(2, window, headroom: 0));

    [Fact]
    public async Task A_request_in_flight_keeps_its_place_until_a_window_after_it_completes()
    {
        TimeSpan window = TimeSpan.FromMilliseconds(300);
        RequestRateLimiter limiter = Fresh(window);
        var clock = Stopwatch.StartNew();
        RequestRateLimiter.Admission first = await limiter.WaitAsync(CancellationToken.None);
        using RequestRateLimiter.Admission second = await limiter.WaitAsync(CancellationToken.None);

        Task<RequestRateLimiter.Admission> third = limiter.WaitAsync(CancellationToken.None);
        await Task.Delay(window + window / 2); // both admitted a window and a half ago, both still in flight
        Assert.False(third.IsCompleted, "a third request was admitted while two were in flight (a budget of 2 per window)");

        TimeSpan completed = clock.Elapsed;
        first.Dispose();
        using RequestRateLimiter.Admission admitted = await third.WaitAsync(TimeSpan.FromSeconds(5));
        TimeSpan after = clock.Elapsed - completed;
        Assert.True(after >= window - TimeSpan.FromMilliseconds(30), $"admitted {after.TotalMilliseconds:0} ms after the first completed; the window is {window.TotalMilliseconds} ms");
        Assert.True(admitted.Waited > window, $"waited {admitted.Waited.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_budget_left_is_told_only_while_others_compete_for_it()
    {
        // A listing deciding whether to slice asks this: a spent window left by an earlier command is no contention
        // (null), nor is its own prefetch waiting or in flight; a second request waiting or in flight is.
        RequestRateLimiter limiter = Fresh(TimeSpan.FromSeconds(30));
        Assert.Null(limiter.AvailableWhileShared);
        RequestRateLimiter.Admission own = await limiter.WaitAsync(CancellationToken.None);
        Assert.Null(limiter.AvailableWhileShared); // its own prefetch alone
        RequestRateLimiter.Admission other = await limiter.WaitAsync(CancellationToken.None);
        Assert.Equal(0, limiter.AvailableWhileShared); // two in flight: budget of 2 spent
        own.Dispose();
        other.Dispose();
        Assert.Null(limiter.AvailableWhileShared); // both done: the window is spent, but nobody competes
        using var waiting = new CancellationTokenSource();
        Task<RequestRateLimiter.Admission> third = limiter.WaitAsync(waiting.Token);
        await Task.Delay(100);
        Assert.Null(limiter.AvailableWhileShared); // one waiting: the asking listing's own prefetch, alone
        Task<RequestRateLimiter.Admission> fourth = limiter.WaitAsync(waiting.Token);
        await Task.Delay(100);
        Assert.Equal(0, limiter.AvailableWhileShared); // a second waits too: someone else wants the spent budget
        waiting.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth);
        Assert.Null(limiter.AvailableWhileShared);
    }

    [Fact]
    public async Task Cancelling_a_wait_counts_nothing()
    {
        RequestRateLimiter limiter = Fresh(TimeSpan.FromMilliseconds(200));
        using var a = await limiter.WaitAsync(CancellationToken.None);
        using var b = await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(cancel.Token));
        a.Dispose();
        b.Dispose();
        await Task.Delay(250);
        // Both left the window; the cancelled wait took no place: two fit at once again.
        using var c = await limiter.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMilliseconds(100));
        using var d = await limiter.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMilliseconds(100));
    }
}
