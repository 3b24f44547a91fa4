using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// Anchor's gate of 8 requests in flight, through the real ApiClient against a real HTTP server that holds requests as
/// long as a test wants: a ninth request waits for a slot; a slot is freed by a retry's back-off (the back-off holds
/// none), by cancelling a request in flight, and a cancelled waiter takes none.
/// </summary>
public sealed class ConcurrentRequestGateTests : IAsyncDisposable
{
    private const int Limit = 8;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProviderHarness _anchor;

    /// <summary>When set, the first attempt of each "held-*" execution is answered 503 with Retry-After: 3.</summary>
    private volatile bool _failHeldOnce;
    private readonly HashSet<string> _answered = new();

    public ConcurrentRequestGateTests()
    {
        // Executions named "held-*" send their headers at once and their body only once _release is set: the attempt
        // (which reads the body to its end) stays in flight until then, without blocking a thread of the server.
        _anchor = new ProviderHarness(TaskRunProvider.Anchor, request =>
        {
            string id = request.Path.Split('/')[^1];
            string json = "{\"data\":" + Pages.Item(TaskRunProvider.Anchor, id) + "}";
            if (!id.StartsWith("held-", StringComparison.Ordinal)) return CannedResponse.Json(json);
            bool fail;
            lock (_answered) fail = _failHeldOnce && _answered.Add(id);
            if (fail) json = """{"error":{"code":503,"message":"busy"}}""";
            var response = new CannedResponse
            {
                Status = fail ? 503 : 200,
                Reason = fail ? "Service Unavailable" : "OK",
                WriteBody = async (stream, token) =>
                {
                    await _release.Task.WaitAsync(token);
                    await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), token);
                },
            };
            return fail ? response.WithHeader("Retry-After", "3") : response;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _anchor.DisposeAsync();
    }

    private Task<TaskRun> Get(string id, CancellationToken token = default) =>
        _anchor.Provider.GetRunAsync(_anchor.Client, ProviderHarness.AnchorTask, id, token);

    private int Arrived(string id) => _anchor.Server.Requests.Count(r => r.Path.EndsWith("/" + id, StringComparison.Ordinal));

    private async Task UntilAsync(Func<bool> condition, string what)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), what);
    }

    private List<Task<TaskRun>> HoldEverySlot(Func<int, CancellationToken>? token = null) =>
        Enumerable.Range(0, Limit).Select(i => Get($"held-{i}", token?.Invoke(i) ?? default)).ToList();

    [Fact]
    public async Task A_ninth_request_waits_and_a_retry_back_off_holds_no_slot()
    {
        _failHeldOnce = true;
        List<Task<TaskRun>> held = HoldEverySlot();
        await UntilAsync(() => _anchor.Server.Requests.Count == Limit, "the first 8 requests should be in flight");

        Task<TaskRun> ninth = Get("ninth");
        await Task.Delay(300);
        Assert.Equal(0, Arrived("ninth")); // 8 in flight: the ninth waits for a slot

        // The 8 are answered 503 Retry-After: 3 and back off for 3 s; their slots are free meanwhile.
        _release.TrySetResult();
        Task done = await Task.WhenAny(ninth, Task.Delay(TimeSpan.FromSeconds(2.5)));
        Assert.Same(ninth, done);
        await ninth;
        Assert.All(Enumerable.Range(0, Limit), i => Assert.Equal(1, Arrived($"held-{i}"))); // no retry has been sent yet
        Assert.Contains(_anchor.Log.VerboseLines, l => l.Contains("waited") && l.Contains("free request slot") && l.Contains("8 concurrent requests"));

        await Task.WhenAll(held); // the retries get their slots back and succeed
        Assert.All(Enumerable.Range(0, Limit), i => Assert.Equal(2, Arrived($"held-{i}")));
    }

    [Fact]
    public async Task Cancelling_a_waiter_takes_no_slot_and_cancelling_a_request_in_flight_frees_its_slot()
    {
        using var first = new CancellationTokenSource();
        List<Task<TaskRun>> held = HoldEverySlot(i => i == 0 ? first.Token : default);
        await UntilAsync(() => _anchor.Server.Requests.Count == Limit, "the first 8 requests should be in flight");

        using var waiting = new CancellationTokenSource();
        Task<TaskRun> waiter = Get("waiter", waiting.Token);
        await Task.Delay(300);
        Assert.Equal(0, Arrived("waiter"));
        waiting.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, Arrived("waiter")); // it never took a slot, so it never went out

        // Still 8 in flight (the cancelled waiter freed nothing it did not have): a tenth waits...
        Task<TaskRun> tenth = Get("tenth");
        await Task.Delay(300);
        Assert.Equal(0, Arrived("tenth"));

        // ...until one request in flight is cancelled: its slot goes to the tenth, while the 7 others are still held.
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held[0].WaitAsync(TimeSpan.FromSeconds(5)));
        TaskRun run = await tenth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("tenth", run.Id);
        Assert.All(held.Skip(1), t => Assert.False(t.IsCompleted));

        _release.TrySetResult();
        await Task.WhenAll(held.Skip(1));
    }
}
