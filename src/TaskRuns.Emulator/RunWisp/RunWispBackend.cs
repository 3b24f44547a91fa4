using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>RunWisp's data: named tasks, ULID runs (created_at ties included), triggered runs and their SSE events.</summary>
internal sealed class RunWispBackend : ProviderBackend<RunWispRun>
{
    public const string AlwaysFailsTask = "always-fails";

    private static readonly (string Name, string Cron, string Group, string Description)[] TaskCatalog =
    [
        ("nightly-backup", "0 2 * * *", "ops", "Back up the databases to object storage"),
        ("etl", "*/30 * * * *", "data", "Extract, transform and load the warehouse"),
        ("report.daily", "0 6 * * *", "reports", "Build and mail the daily report"),
        ("sync-users", "*/15 * * * *", "identity", "Sync users from the directory"),
        ("cache-warmup", "*/5 * * * *", "web", "Warm the page cache"),
        ("db-vacuum", "0 3 * * 0", "ops", "Vacuum and analyze the database"),
        ("send-digest", "0 8 * * 1", "mail", "Send the weekly digest"),
        ("rotate-logs", "0 0 * * *", "ops", "Rotate and compress logs"),
    ];

    private readonly List<RunWispTask> _tasks = new();
    private readonly ActiveRunSet _active = new();
    private readonly object _advanceGate = new();
    private readonly StatusCycle<string> _insertedOutcomes;
    private int _insertTaskCursor;

    public RunWispBackend(EmulatorOptions options)
        : base(ProviderNames.RunWisp, options)
    {
        IsNewApi = options.RunWispApi == "new";
        Logs = new RunWispLogs(options.Seed);
        Seed();
        _insertedOutcomes = new StatusCycle<string>(Random, (RunWispStatuses.Success, 8), (RunWispStatuses.Failed, 2));
    }

    public bool IsNewApi { get; }

    /// <summary>When the emulated daemon started (its config_loaded_at).</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public RunWispEventHub Events { get; } = new();

    public RunWispLogs Logs { get; }

    /// <summary>Tasks sorted by name.</summary>
    public IReadOnlyList<RunWispTask> TaskList => _tasks;

    public RunWispTask? FindTask(string name) => _tasks.Find(t => t.Name == name);

    public override IReadOnlyList<EmulatedTask> Tasks() => _tasks.Select(t => new EmulatedTask(Name, t.Name, t.Name)).ToArray();

    private void Seed()
    {
        var taskCount = Math.Max(2, Options.TasksPerProvider);
        var seeded = new List<RunWispTask>();
        for (var t = 0; t < taskCount; t++)
        {
            var (name, cron, group, description) = t < TaskCatalog.Length
                ? TaskCatalog[t]
                : ($"job-{t + 1}", "0 * * * *", "misc", $"Generated job {t + 1}");
            seeded.Add(new RunWispTask(name, description, cron, group, AlwaysFails: false));
        }

        var count = Math.Max(0, Options.RunsPerTask);
        var perTask = new List<IReadOnlyList<RunWispRun>>();
        foreach (var task in seeded)
        {
            perTask.Add(SeedRuns(task, count));
        }

        _tasks.AddRange(seeded);
        _tasks.Add(new RunWispTask(AlwaysFailsTask, "Exits 1 every time (emulator convention)", "0 4 * * *", "test", AlwaysFails: true));
        _tasks.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var task in _tasks)
        {
            Runs.AddTask(task.Name);
        }

        Runs.Load(SeedMerge.ByCreatedAt(perTask));
    }

    private List<RunWispRun> SeedRuns(RunWispTask task, int count)
    {
        var r = Random;
        var outcomes = IsNewApi
            ? new StatusCycle<string>(r,
                (RunWispStatuses.Success, 11), (RunWispStatuses.Failed, 2), (RunWispStatuses.Stopped, 1), (RunWispStatuses.Timeout, 1),
                (RunWispStatuses.Crashed, 1), (RunWispStatuses.Skipped, 1), (RunWispStatuses.LogOverflow, 1), (RunWispStatuses.QueueFull, 1),
                (RunWispStatuses.DstSkipped, 1), (RunWispStatuses.DaemonStopped, 1), (RunWispStatuses.Missed, 1), (RunWispStatuses.StartFailed, 1),
                (RunWispStatuses.Pending, 1), (RunWispStatuses.Running, 1))
            : new StatusCycle<string>(r,
                (RunWispStatuses.Success, 11), (RunWispStatuses.Failed, 2), (RunWispStatuses.Stopped, 1), (RunWispStatuses.Timeout, 1),
                (RunWispStatuses.Crashed, 1), (RunWispStatuses.Skipped, 1), (RunWispStatuses.LogOverflow, 1),
                (RunWispStatuses.Pending, 1), (RunWispStatuses.Running, 1));
        var triggers = new StatusCycle<string>(r, ("cron", 16), ("api", 3), ("cloud", 1));

        var runs = new List<RunWispRun>(count);
        var previous = DateTimeOffset.MinValue;
        RunWispRun? last = null;
        for (var i = 0; i < count; i++)
        {
            var outcome = outcomes.Next();
            var triggeredBy = triggers.Next();
            var isRetry = last is { EndReason: RunWispStatuses.Failed or RunWispStatuses.Crashed or RunWispStatuses.Timeout } && r.Next(3) == 0;
            DateTimeOffset created;
            if (isRetry)
            {
                // A retry is created in the same instant as the run it retries: a created_at tie inside one task.
                created = previous;
                triggeredBy = last!.TriggeredBy;
            }
            else if (triggeredBy == "cron")
            {
                // Cron runs sit on a whole-minute grid shared by every task: created_at ties across tasks.
                created = SeedTimeline.Floor(SeedTimeline.At(SeedEnd, i, count, 0), TimeSpan.FromMinutes(1));
            }
            else
            {
                created = SeedTimeline.Floor(SeedTimeline.At(SeedEnd, i, count, r.NextDouble() * 0.5), TimeSpan.FromMilliseconds(1));
            }

            if (created < previous)
            {
                created = previous;
            }

            previous = created;
            var run = CreateRun(r, task.Name, created, outcome, triggeredBy);
            if (isRetry)
            {
                run = run with { RetryAttempt = last!.RetryAttempt + 1, RetryOfRunId = last.Id };
            }

            runs.Add(run);
            last = run;
        }

        return runs;
    }

    /// <summary>A run in a fixed state: outcome is "pending", "running" or an end reason.</summary>
    private static RunWispRun CreateRun(Random r, string taskName, DateTimeOffset created, string outcome, string triggeredBy)
    {
        var run = new RunWispRun
        {
            Id = Ulid.Create(created, r),
            TaskKey = taskName,
            CreatedAt = created,
            Status = RunWispStatuses.Ended,
            TriggeredBy = triggeredBy,
            ReplicaIndex = r.Next(10) == 0 ? 1 : 0,
            ExternalExecutionId = triggeredBy == "cloud" ? "exe_" + RandomIds.Hex(r, 8) : null,
        };

        if (outcome == RunWispStatuses.Pending)
        {
            return run with { Status = RunWispStatuses.Pending, ExitCode = -1 };
        }

        var startAt = created + TimeSpan.FromMilliseconds(r.Next(5, 2000));
        if (outcome == RunWispStatuses.Running)
        {
            return run with { Status = RunWispStatuses.Running, StartAt = startAt, ExitCode = 0 };
        }

        if (RunWispStatuses.NeverStarted(outcome))
        {
            return run with { EndReason = outcome, ExitCode = -1, EndAt = created };
        }

        var exitCode = outcome switch
        {
            RunWispStatuses.Success => 0,
            RunWispStatuses.Failed => r.Next(3) switch { 0 => 1, 1 => 2, _ => 127 },
            RunWispStatuses.Stopped or RunWispStatuses.DaemonStopped => 143,
            RunWispStatuses.Timeout => 124,
            RunWispStatuses.Crashed => -2,
            RunWispStatuses.LogOverflow => 137,
            _ => 1,
        };
        var duration = outcome == RunWispStatuses.Timeout
            ? TimeSpan.FromHours(1)
            : TimeSpan.FromMilliseconds(r.Next(500, 30 * 60 * 1000));
        return run with { EndReason = outcome, ExitCode = exitCode, StartAt = startAt, EndAt = startAt + duration };
    }

    /// <summary>Inserts <paramref name="count"/> new ended runs (newest) into a task, or round-robin over the seeded tasks.</summary>
    public void InsertEndedRuns(string? taskName, int count)
    {
        for (var i = 0; i < count; i++)
        {
            RunWispRun run;
            lock (Random)
            {
                var name = taskName ?? NextInsertTask();
                var now = DateTimeOffset.UtcNow;
                var reason = _insertedOutcomes.Next();
                run = new RunWispRun
                {
                    Id = Ulid.Create(now, Random),
                    TaskKey = name,
                    CreatedAt = now,
                    Status = RunWispStatuses.Ended,
                    EndReason = reason,
                    ExitCode = reason == RunWispStatuses.Success ? 0 : 1,
                    StartAt = now,
                    EndAt = now,
                    TriggeredBy = "cron",
                };
            }

            Runs.Append(run);
        }
    }

    private string NextInsertTask()
    {
        var candidates = _tasks.Where(t => !t.AlwaysFails).ToArray();
        return candidates[_insertTaskCursor++ % candidates.Length].Name;
    }

    /// <summary>Creates a pending run (emits run.created); it starts after 1/3 of the run duration and ends at the full duration.</summary>
    public RunWispRun Trigger(RunWispTask task, IReadOnlyDictionary<string, string?> parameters)
    {
        var now = DateTimeOffset.UtcNow;
        var fails = task.AlwaysFails
            || (parameters.TryGetValue("outcome", out var outcome) && string.Equals(outcome, "failure", StringComparison.OrdinalIgnoreCase));
        var run = WithRandom(r => new RunWispRun
        {
            Id = Ulid.Create(now, r),
            TaskKey = task.Name,
            CreatedAt = now,
            Triggered = true,
            Status = RunWispStatuses.Pending,
            ExitCode = -1,
            TriggeredBy = "api",
            Params = parameters.Count > 0 ? parameters : null,
            Timeline = RunTimeline.From(now, RunTimeline.Duration(parameters.GetValueOrDefault("duration_ms"), RunDuration)),
            EndsInFailure = fails,
        });
        lock (_advanceGate)
        {
            run = Runs.Append(run);
            Publish("run.created", run);
            _active.Add(run.Id);
        }

        AdvanceTriggeredRuns(now);
        return Runs.Find(run.Id)!;
    }

    /// <summary>Stops a running run (ended/stopped). Returns the run, or an error message for pending/ended runs.</summary>
    public (RunWispRun? Run, string? Conflict) Stop(RunWispRun target)
    {
        lock (_advanceGate)
        {
            var current = Runs.Find(target.Id)!;
            if (current.Status == RunWispStatuses.Pending)
            {
                return (current, "run is pending");
            }

            if (current.Status == RunWispStatuses.Ended)
            {
                return (current, "run is not running");
            }

            var now = DateTimeOffset.UtcNow;
            var stopped = Runs.Update(current.Id, run => run with
            {
                Status = RunWispStatuses.Ended,
                EndReason = RunWispStatuses.Stopped,
                ExitCode = 143,
                EndAt = now,
                Timeline = null,
            })!;
            _active.Remove(stopped.Id);
            Publish("run.updated", stopped);
            return (stopped, null);
        }
    }

    /// <summary>Spawned runs go to the seeded tasks (not always-fails), so they succeed.</summary>
    public override void SpawnRun()
    {
        var candidates = _tasks.Where(t => !t.AlwaysFails).ToArray();
        Trigger(candidates[NextSpawnIndex(candidates.Length)], new Dictionary<string, string?>());
    }

    public override void AdvanceTriggeredRuns(DateTimeOffset now)
    {
        var ids = _active.Snapshot();
        if (ids.Length == 0)
        {
            return;
        }

        lock (_advanceGate)
        {
            foreach (var id in ids)
            {
                var before = Runs.Find(id);
                if (before?.Timeline is not { } timeline)
                {
                    _active.Remove(id);
                    continue;
                }

                if (before.Status == RunWispStatuses.Pending && now >= timeline.StartsAt)
                {
                    before = Runs.Update(id, run => run with { Status = RunWispStatuses.Running, StartAt = timeline.StartsAt, ExitCode = 0 })!;
                    Publish("run.started", before);
                }

                if (before.Status == RunWispStatuses.Running && now >= timeline.EndsAt)
                {
                    var fails = before.EndsInFailure;
                    var ended = Runs.Update(id, run => run with
                    {
                        Status = RunWispStatuses.Ended,
                        EndReason = fails ? RunWispStatuses.Failed : RunWispStatuses.Success,
                        ExitCode = fails ? 1 : 0,
                        EndAt = timeline.EndsAt,
                    })!;
                    Publish(fails ? "run.failed" : "run.completed", ended);
                    _active.Remove(id);
                }
            }
        }
    }

    private void Publish(string eventName, RunWispRun run)
    {
        var data = JsonResponse.Serialize(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("run");
            RunWispJson.WriteRun(w, run, IsNewApi);
            w.WriteEndObject();
        });
        Events.Publish(eventName, System.Text.Encoding.UTF8.GetString(data));
    }

    public override Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        return JsonResponse.WriteAsync(context, statusCode,
            w => RunWispJson.WriteProblem(w, statusCode, message, message, schemaUrl: RunWispJson.SchemaUrl(context, "ErrorModel")),
            JsonResponse.ProblemContentType);
    }
}
