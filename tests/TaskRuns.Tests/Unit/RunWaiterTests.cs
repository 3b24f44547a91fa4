using System.Diagnostics;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;
using TaskRuns.Tests.Infrastructure;
using TaskRuns.Waiting;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// The waiter's poll loop with a push source driven by hand: updates are delivered at exact points of the loop, so
/// interleavings that happen by chance against a real daemon (about 1 in 16 full test runs) happen every time here.
/// The runs are polled through the real adapters from a canned server (Deck: polled, RunWisp: pushed).
/// </summary>
public sealed class RunWaiterTests : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ProviderHarness _server;
    private readonly ApiClient _deck;
    private volatile bool _deckEnded;

    public RunWaiterTests()
    {
        _server = new ProviderHarness(TaskRunProvider.RunWisp, request => request.Path switch
        {
            var p when p.StartsWith("/task-runs/", StringComparison.Ordinal) =>
                CannedResponse.Json(Pages.Item(TaskRunProvider.Deck, p["/task-runs/".Length..], _deckEnded ? "completed" : "running")),
            var p when p.StartsWith("/api/tasks/etl/runs/", StringComparison.Ordinal) =>
                CannedResponse.Json(Pages.Item(TaskRunProvider.RunWisp, p["/api/tasks/etl/runs/".Length..], "running")),
            _ => CannedResponse.Text("not here", "text/plain", 404, "Not Found"),
        });
        _deck = new ApiClient(ProviderRegistry.Get(TaskRunProvider.Deck),
            new ProviderConnection(_server.Server.BaseUri, ApiCredential.FromPlainText(ProviderHarness.Key)), _server.Settings, _server.Log);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_end_pushed_right_after_a_sleep_that_ended_by_its_timer_still_wakes_the_loop()
    {
        // The missed end of Wait-TaskRun on RunWisp: a Deck run is polled every 50 ms, so the loop's sleeps end by their
        // timer; the RunWisp run is followed by its event stream (next poll in 30 s). Its end is pushed in the round in
        // which the Deck run is seen to end, just after the loop looked for pushed updates: the loop must wake for it
        // rather than sleep until the safety poll. Five times over, each on a fresh waiter.
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            _deckEnded = false;
            var source = new ManualEventSource();
            var waiter = NewWaiter(source);
            var deck = new DeckTaskRun { Provider = TaskRunProvider.Deck, Id = $"run_deck_{attempt}", ProviderStatus = "running", Status = TaskRunStatus.Running };
            var runWisp = RunWispRun($"01JRUNWISP{attempt:D16}", ended: false);
            int rounds = 0;
            waiter.TookUpdates = () =>
            {
                if (++rounds != 6) return;
                _deckEnded = true;      // this round's poll sees the Deck run ended: then only the RunWisp run is left
                source.Push(RunWispRun(runWisp.Id, ended: true));
            };
            var finished = new List<TaskRun>();
            waiter.Finished = finished.Add;

            // The deadline is far: a lost wake-up shows as a wait that lasts until it (the last round before giving up
            // still takes the pushed end), a woken loop ends within a few polls.
            var watch = Stopwatch.StartNew();
            IReadOnlyList<TaskRun> unfinished = await waiter.WaitAsync([deck, runWisp], Deadline, any: false, CancellationToken.None);
            watch.Stop();

            Assert.Empty(unfinished);
            Assert.True(watch.Elapsed < Deadline / 2, $"attempt {attempt}: the pushed end was noticed only at the deadline, after {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(new[] { "Deck", "RunWisp" }, finished.Select(r => r.Provider.ToString()).OrderBy(p => p, StringComparer.Ordinal));
            Assert.Equal(TaskRunStatus.Failure, finished.Single(r => r.Provider == TaskRunProvider.RunWisp).Status);
        }
    }

    [Fact]
    public async Task A_source_that_connects_while_the_first_poll_is_in_flight_gets_the_run_read_once_more()
    {
        // The run ends after the first poll read it and before the subscription: no event will ever say so. The source
        // connects while that poll is still on its way back; the run is read again at once instead of at the next poll
        // (10 s here; 30 s once the source is up).
        var source = new ManualEventSource { ConnectOnListen = false };
        int reads = 0;
        await using var server = new ProviderHarness(TaskRunProvider.RunWisp, request =>
        {
            bool first = Interlocked.Increment(ref reads) == 1;
            if (first) source.Connect();
            return CannedResponse.Json(Pages.Item(TaskRunProvider.RunWisp, request.Path.Split('/').Last(), first ? "running" : "ended"));
        });
        var waiter = new RunWaiter(_ => server.Client, TimeSpan.FromSeconds(10), waitingCountsAsFinished: false, server.Log) { EventSourceFor = _ => source };

        IReadOnlyList<TaskRun> unfinished = await waiter.WaitAsync([RunWispRun("01JRUNWISP0000000000000001", ended: false)], TimeSpan.FromSeconds(3), any: false, CancellationToken.None);

        Assert.Empty(unfinished);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Progress_moves_every_second_while_nothing_is_due()
    {
        // Wait-TaskRun's progress showed "00:00:00 elapsed" until the next poll (5 s by default). With a poll interval
        // of 30 s the loop still reports progress about once a second, without polling more.
        var waiter = new RunWaiter(_ => _deck, TimeSpan.FromSeconds(30), waitingCountsAsFinished: false, _server.Log);
        var reports = new List<TimeSpan>();
        waiter.Progress = (_, _, elapsed) => { lock (reports) reports.Add(elapsed); };
        var deck = new DeckTaskRun { Provider = TaskRunProvider.Deck, Id = "run_deck_progress", ProviderStatus = "running", Status = TaskRunStatus.Running };
        long before = _server.Server.Requests.Count;

        IReadOnlyList<TaskRun> unfinished = await waiter.WaitAsync([deck], TimeSpan.FromSeconds(3.5), any: false, CancellationToken.None);

        Assert.Single(unfinished);
        Assert.Equal(1, _server.Server.Requests.Count - before); // one poll: the next is due only after 30 s
        lock (reports)
        {
            Assert.True(reports.Count >= 3, $"{reports.Count} progress report(s) in 3.5 s");
            Assert.True(reports[^1] >= TimeSpan.FromSeconds(2), $"the last report said {reports[^1]} elapsed");
        }
    }

    private RunWaiter NewWaiter(ManualEventSource source) =>
        new(provider => provider == TaskRunProvider.Deck ? _deck : _server.Client, PollInterval, waitingCountsAsFinished: false, _server.Log)
        {
            EventSourceFor = provider => provider == TaskRunProvider.RunWisp ? source : null,
        };

    private static RunWispTaskRun RunWispRun(string id, bool ended) => new()
    {
        Provider = TaskRunProvider.RunWisp,
        Id = id,
        TaskId = "etl",
        RunStatus = ended ? "ended" : "running",
        ProviderStatus = ended ? "failed" : "running",
        Status = ended ? TaskRunStatus.Failure : TaskRunStatus.Running,
        IsTerminal = ended,
    };

    /// <summary>An event source whose updates the test delivers, on the calling thread, when it chooses.</summary>
    private sealed class ManualEventSource : IRunEventSource
    {
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Action? _connected;
        private Action<TaskRun>? _update;

        public bool ConnectOnListen { get; init; } = true;

        public Task ListenAsync(ApiClient client, Action connected, Action<TaskRun> update, CancellationToken cancellationToken)
        {
            _connected = connected;
            _update = update;
            _listening.TrySetResult();
            if (ConnectOnListen) connected();
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public void Connect()
        {
            Assert.True(_listening.Task.Wait(TimeSpan.FromSeconds(5)), "the waiter never started listening");
            _connected!();
        }

        public void Push(TaskRun run)
        {
            Assert.True(_listening.Task.Wait(TimeSpan.FromSeconds(5)), "the waiter never started listening");
            _update!(run);
        }
    }
}
