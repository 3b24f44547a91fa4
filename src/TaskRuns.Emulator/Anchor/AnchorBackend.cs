using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Anchor;

/// <summary>Anchor's data: seeded tasks and executions, triggered executions and their lifecycle.</summary>
internal sealed class AnchorBackend : ProviderBackend<AnchorExecution>
{
    private static readonly string[] TaskNames =
        ["web-scraper", "invoice-extractor", "price-monitor", "login-checker", "report-downloader", "form-filler", "inventory-sync", "lead-enricher"];

    private static readonly string[] SuccessOutputs =
    [
        "{\"title\":\"Example Domain\",\"items\":12}",
        "{\"invoices\":[{\"number\":\"INV-1001\",\"total\":129.5}]}",
        "Scraped 48 products",
        "{\"price\":19.99,\"currency\":\"USD\",\"inStock\":true}",
        "OK",
    ];

    private static readonly string[] FailureMessages =
    [
        "Navigation timeout of 30000 ms exceeded",
        "Element not found: #submit-button",
        "net::ERR_NAME_NOT_RESOLVED at https://shop.example.com",
        "Login failed: invalid credentials",
        "TypeError: Cannot read properties of undefined (reading 'click')",
    ];

    private readonly List<AnchorTask> _tasks = new();
    private readonly ActiveRunSet _active = new();
    private readonly StatusCycle<string> _insertedStatuses;

    public AnchorBackend(EmulatorOptions options)
        : base(ProviderNames.Anchor, options)
    {
        Seed();
        _insertedStatuses = new StatusCycle<string>(Random,
            (AnchorStatuses.Success, 7), (AnchorStatuses.Failure, 1), (AnchorStatuses.Timeout, 1), (AnchorStatuses.Cancelled, 1));
    }

    public IReadOnlyList<AnchorTask> TaskList => _tasks;

    public AnchorTask? FindTask(string id) => _tasks.Find(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    public override IReadOnlyList<EmulatedTask> Tasks() => _tasks.Select(t => new EmulatedTask(Name, t.Id, t.Name)).ToArray();

    private void Seed()
    {
        var teamId = RandomIds.Uuid(Random);
        var perTask = new List<IReadOnlyList<AnchorExecution>>();
        var count = Math.Max(0, Options.RunsPerTask);
        for (var t = 0; t < Math.Max(1, Options.TasksPerProvider); t++)
        {
            var name = TaskNames[t % TaskNames.Length] + (t >= TaskNames.Length ? $"-{(t / TaskNames.Length) + 1}" : "");
            var versions = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["1"] = RandomIds.Uuid(Random),
                ["2"] = RandomIds.Uuid(Random),
                ["3"] = RandomIds.Uuid(Random),
                ["draft"] = RandomIds.Uuid(Random),
            };
            var task = new AnchorTask(
                RandomIds.Uuid(Random), name, teamId, $"Emulated Anchor task {name}", "3", versions,
                SeedEnd - TimeSpan.FromDays(100) + TimeSpan.FromHours(t), SeedEnd - TimeSpan.FromDays(10));
            _tasks.Add(task);
            Runs.AddTask(task.Id);

            var statuses = new StatusCycle<string>(Random,
                (AnchorStatuses.Success, 11), (AnchorStatuses.Failure, 3), (AnchorStatuses.Timeout, 2),
                (AnchorStatuses.Cancelled, 2), (AnchorStatuses.Queued, 1), (AnchorStatuses.Running, 1));
            var runs = new List<AnchorExecution>(count);
            var previous = DateTimeOffset.MinValue;
            for (var i = 0; i < count; i++)
            {
                var created = SeedTimeline.Floor(SeedTimeline.At(SeedEnd, i, count, Random.NextDouble() * 0.9), TimeSpan.FromMilliseconds(1));
                if (created <= previous)
                {
                    created = previous.AddMilliseconds(1);
                }

                previous = created;
                var version = Random.Next(20) == 0 ? "draft" : ((i * 3 / Math.Max(1, count)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                runs.Add(CreateFinished(task, version, statuses.Next(), created));
            }

            perTask.Add(runs);
        }

        Runs.Load(SeedMerge.ByCreatedAt(perTask));
    }

    /// <summary>A seeded or inserted execution in a fixed status (never changes).</summary>
    private AnchorExecution CreateFinished(AnchorTask task, string version, string status, DateTimeOffset startTime)
    {
        var r = Random;
        var execution = new AnchorExecution
        {
            Id = RandomIds.Uuid(r),
            TaskKey = task.Id,
            CreatedAt = startTime,
            TaskVersionId = task.VersionIds[version],
            Version = version,
            Status = status,
        };
        return status switch
        {
            AnchorStatuses.Success => execution with
            {
                Output = r.Next(10) == 0 ? null : SuccessOutputs[r.Next(SuccessOutputs.Length)],
                ErrorMessage = "",
                ExecutionTimeMs = r.Next(2_000, 120_000),
            },
            AnchorStatuses.Failure => execution with
            {
                ErrorMessage = FailureMessages[r.Next(FailureMessages.Length)],
                ExecutionTimeMs = r.Next(500, 60_000),
            },
            AnchorStatuses.Timeout => execution with
            {
                ErrorMessage = "Task execution timed out after 300000ms",
                ExecutionTimeMs = 300_000,
            },
            AnchorStatuses.Cancelled => execution with
            {
                ErrorMessage = "Task execution was cancelled",
                ExecutionTimeMs = r.Next(100, 30_000),
            },
            _ => execution,
        };
    }

    /// <summary>Inserts <paramref name="count"/> new terminal executions (newest) into a task.</summary>
    public void InsertTerminalRuns(AnchorTask task, int count)
    {
        for (var i = 0; i < count; i++)
        {
            AnchorExecution run;
            lock (Random)
            {
                run = CreateFinished(task, task.LatestVersion, _insertedStatuses.Next(), DateTimeOffset.UtcNow);
            }

            Runs.Append(run);
        }
    }

    /// <summary>Creates a queued execution that runs for <see cref="EmulatorOptions.RunDurationMs"/>.</summary>
    public AnchorExecution Trigger(AnchorTask task, string version, IReadOnlyDictionary<string, string> inputs)
    {
        var now = DateTimeOffset.UtcNow;
        var fails = inputs.TryGetValue("ANCHOR_OUTCOME", out var outcome) && string.Equals(outcome, "failure", StringComparison.OrdinalIgnoreCase);
        var run = WithRandom(r => new AnchorExecution
        {
            Id = RandomIds.Uuid(r),
            TaskKey = task.Id,
            CreatedAt = now,
            Triggered = true,
            TaskVersionId = task.VersionIds[version],
            Version = version,
            Status = AnchorStatuses.Queued,
            SessionId = RandomIds.Uuid(r),
            Timeline = RunTimeline.From(now, RunTimeline.Duration(inputs.GetValueOrDefault("ANCHOR_DURATION_MS"), RunDuration)),
            EndsInFailure = fails,
        });
        run = Runs.Append(run);
        _active.Add(run.Id);
        AdvanceTriggeredRuns(now);
        return Runs.Find(run.Id)!;
    }

    public override void SpawnRun()
    {
        var task = _tasks[NextSpawnIndex(_tasks.Count)];
        Trigger(task, task.LatestVersion, new Dictionary<string, string>());
    }

    public override void AdvanceTriggeredRuns(DateTimeOffset now)
    {
        foreach (var id in _active.Snapshot())
        {
            var run = Runs.Update(id, current => StateAt(current, now));
            if (run is null || run.IsTerminal)
            {
                _active.Remove(id);
            }
        }
    }

    private static AnchorExecution StateAt(AnchorExecution run, DateTimeOffset now)
    {
        if (run.Timeline is not { } timeline || run.IsTerminal)
        {
            return run;
        }

        var executionTime = (long)(timeline.EndsAt - timeline.StartsAt).TotalMilliseconds;
        if (now >= timeline.EndsAt)
        {
            return run.EndsInFailure
                ? run with
                {
                    Status = AnchorStatuses.Failure,
                    ErrorMessage = "Task failed: ANCHOR_OUTCOME=failure",
                    ExecutionTimeMs = executionTime,
                }
                : run with
                {
                    Status = AnchorStatuses.Success,
                    Output = $"{{\"ok\":true,\"executionId\":\"{run.Id}\"}}",
                    ErrorMessage = "",
                    ExecutionTimeMs = executionTime,
                };
        }

        return now >= timeline.StartsAt && run.Status != AnchorStatuses.Running
            ? run with { Status = AnchorStatuses.Running }
            : run;
    }

    public override Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        return JsonResponse.WriteAsync(context, statusCode, w => AnchorJson.WriteError(w, statusCode, message));
    }
}
