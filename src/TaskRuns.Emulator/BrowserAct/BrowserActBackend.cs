using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.BrowserAct;

/// <summary>BrowserAct's data: workflows, their tasks in all eight statuses, triggered tasks, stop and resume.</summary>
internal sealed class BrowserActBackend : ProviderBackend<BrowserActTask>
{
    private static readonly (string Name, string Description, string Input)[] WorkflowCatalog =
    [
        ("Price Monitor", "Scrape product prices and export CSV.", "keyword=laptops;max_items=50"),
        ("Lead Scraper", "Collect company leads from directories.", "industry=saas;region=us"),
        ("Job Board Watcher", "Watch job boards for new postings.", "query=dotnet developer;remote=true"),
        ("News Digest", "Summarise the day's headlines.", "topics=ai,cloud"),
        ("Competitor Tracker", "Track competitor landing pages.", "domains=example.com"),
        ("Review Collector", "Collect product reviews.", "asin=B000TEST;pages=5"),
        ("Inventory Checker", "Check store inventory.", "sku=12345;store=all"),
        ("SEO Audit", "Audit pages for SEO issues.", "url=https://example.com"),
    ];

    private static readonly (int Code, string Message)[] Failures =
    [
        (10001, "Navigation timeout"),
        (10002, "Element not found"),
        (10003, "Captcha could not be solved"),
        (10004, "Page crashed"),
    ];

    private readonly List<BrowserActWorkflow> _workflows = new();
    private readonly ActiveRunSet _active = new();
    private readonly BrowserActIds _ids = new();
    private readonly StatusCycle<string> _insertedStatuses;
    private int _insertWorkflowCursor;

    public BrowserActBackend(EmulatorOptions options)
        : base(ProviderNames.BrowserAct, options)
    {
        Seed();
        _insertedStatuses = new StatusCycle<string>(Random,
            (BrowserActStatuses.Finished, 8), (BrowserActStatuses.Failed, 1), (BrowserActStatuses.Canceled, 1));
    }

    public IReadOnlyList<BrowserActWorkflow> WorkflowList => _workflows;

    public BrowserActWorkflow? FindWorkflow(string id) => _workflows.Find(w => w.Id == id);

    public override IReadOnlyList<EmulatedTask> Tasks() => _workflows.Select(w => new EmulatedTask(Name, w.Id, w.Name)).ToArray();

    private void Seed()
    {
        var count = Math.Max(0, Options.RunsPerTask);
        var perWorkflow = new List<IReadOnlyList<BrowserActTask>>();
        for (var t = 0; t < Math.Max(1, Options.TasksPerProvider); t++)
        {
            var (name, description, input) = WorkflowCatalog[t % WorkflowCatalog.Length];
            if (t >= WorkflowCatalog.Length)
            {
                name += $" {(t / WorkflowCatalog.Length) + 1}";
            }

            var createdAt = SeedEnd - TimeSpan.FromDays(150) + TimeSpan.FromHours(t);
            var workflow = new BrowserActWorkflow(_ids.Next(createdAt), name, description, createdAt, createdAt + TimeSpan.FromDays(1));
            _workflows.Add(workflow);
            Runs.AddTask(workflow.Id);

            var statuses = new StatusCycle<string>(Random,
                (BrowserActStatuses.Finished, 11), (BrowserActStatuses.Failed, 3), (BrowserActStatuses.Canceled, 1),
                (BrowserActStatuses.Created, 1), (BrowserActStatuses.Running, 1), (BrowserActStatuses.Pausing, 1),
                (BrowserActStatuses.Paused, 1), (BrowserActStatuses.Unknown, 1));
            var runs = new List<BrowserActTask>(count);
            var previous = DateTimeOffset.MinValue;
            for (var i = 0; i < count; i++)
            {
                // Whole seconds, so the inclusive created_at_from/to filters work with the served values.
                var created = SeedTimeline.Floor(SeedTimeline.At(SeedEnd, i, count, Random.NextDouble() * 0.9), TimeSpan.FromSeconds(1));
                if (created <= previous)
                {
                    created = previous.AddSeconds(1);
                }

                previous = created;
                runs.Add(CreateFixed(workflow, input, statuses.Next(), created));
            }

            perWorkflow.Add(runs);
        }

        Runs.Load(SeedMerge.ByCreatedAt(perWorkflow));
    }

    private BrowserActTask CreateFixed(BrowserActWorkflow workflow, string input, string status, DateTimeOffset created)
    {
        var r = Random;
        var task = new BrowserActTask
        {
            Id = _ids.Next(created),
            TaskKey = workflow.Id,
            CreatedAt = created,
            Status = status,
            InputParameters = input,
            ProfileId = r.Next(5) == 0 ? "profile_" + RandomIds.Hex(r, 6) : null,
        };
        var finishedAt = created + TimeSpan.FromSeconds(r.Next(20, 1200));
        return status switch
        {
            BrowserActStatuses.Finished => task with
            {
                FinishedAt = finishedAt,
                HasOutput = true,
                OutputString = r.Next(6) == 0 ? null : $"{{\"items\":[{{\"title\":\"Item {r.Next(1, 999)}\",\"price\":{r.Next(5, 999)}}}],\"count\":1}}",
                OutputFiles = r.Next(3) == 0 ? [$"https://files.browseract.com/{task.Id}/result.csv"] : [],
                Credit = r.Next(1, 60),
            },
            BrowserActStatuses.Failed => WithFailure(task with { FinishedAt = finishedAt, Credit = r.Next(1, 20) }, r),
            BrowserActStatuses.Canceled => task with { FinishedAt = finishedAt, Credit = r.Next(2) == 0 ? null : r.Next(1, 10) },
            BrowserActStatuses.Running or BrowserActStatuses.Pausing or BrowserActStatuses.Paused => task with { Credit = r.Next(2) == 0 ? null : r.Next(1, 10) },
            _ => task,
        };
    }

    private static BrowserActTask WithFailure(BrowserActTask task, Random r)
    {
        var (code, message) = Failures[r.Next(Failures.Length)];
        return task with { FailureCode = code, FailureMessage = message };
    }

    /// <summary>Inserts new ended tasks (newest) into a workflow, or round-robin over workflows.</summary>
    public void InsertEndedRuns(BrowserActWorkflow? workflow, int count)
    {
        for (var i = 0; i < count; i++)
        {
            BrowserActTask task;
            lock (Random)
            {
                var target = workflow ?? _workflows[_insertWorkflowCursor++ % _workflows.Count];
                var input = WorkflowCatalog.FirstOrDefault(c => target.Name.StartsWith(c.Name, StringComparison.Ordinal)).Input ?? "";
                task = CreateFixed(target, input, _insertedStatuses.Next(), DateTimeOffset.UtcNow);
                if (task.FinishedAt is not null)
                {
                    task = task with { FinishedAt = task.CreatedAt };
                }
            }

            Runs.Append(task);
        }
    }

    /// <summary>Creates a task in "created"; input outcome=failure fails it, pause=true pauses it.</summary>
    public BrowserActTask Trigger(BrowserActWorkflow workflow, IReadOnlyList<KeyValuePair<string, string>> inputs, string? profileId)
    {
        var now = DateTimeOffset.UtcNow;
        bool Says(string name, string value) =>
            inputs.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase) && string.Equals(p.Value, value, StringComparison.OrdinalIgnoreCase));

        var task = Runs.Append(new BrowserActTask
        {
            Id = _ids.Next(now),
            TaskKey = workflow.Id,
            CreatedAt = now,
            Triggered = true,
            Status = BrowserActStatuses.Created,
            InputParameters = string.Join(";", inputs.Select(p => $"{p.Key}={p.Value}")),
            ProfileId = profileId,
            Timeline = RunTimeline.From(now, RunTimeline.Duration(
                inputs.FirstOrDefault(p => string.Equals(p.Key, "duration_ms", StringComparison.OrdinalIgnoreCase)).Value, RunDuration)),
            EndsInFailure = Says("outcome", "failure"),
            Pauses = Says("pause", "true"),
        });
        _active.Add(task.Id);
        AdvanceTriggeredRuns(now);
        return Runs.Find(task.Id)!;
    }

    /// <summary>Cancels a task that has not finished; null when it already finished.</summary>
    public BrowserActTask? Stop(BrowserActTask target)
    {
        var now = DateTimeOffset.UtcNow;
        var refused = false;
        var updated = Runs.Update(target.Id, task =>
        {
            if (BrowserActStatuses.IsTerminal(task.Status))
            {
                refused = true;
                return null;
            }

            return task with { Status = BrowserActStatuses.Canceled, FinishedAt = now, Timeline = null };
        });
        _active.Remove(target.Id);
        return refused ? null : updated;
    }

    /// <summary>Resumes a paused (or pausing) task: running again, finished after 2/3 of the run duration. Null if it already finished.</summary>
    public BrowserActTask? Resume(BrowserActTask target)
    {
        var now = DateTimeOffset.UtcNow;
        var refused = false;
        var updated = Runs.Update(target.Id, task =>
        {
            if (BrowserActStatuses.IsTerminal(task.Status))
            {
                refused = true;
                return null;
            }

            return task.Status is BrowserActStatuses.Paused or BrowserActStatuses.Pausing
                ? task with { Status = BrowserActStatuses.Running, Pauses = false, Timeline = new RunTimeline(now, now + (RunDuration * 2 / 3)) }
                : task;
        });
        if (refused)
        {
            return null;
        }

        if (updated?.Timeline is not null)
        {
            _active.Add(target.Id);
        }

        return updated;
    }

    public override void SpawnRun() => Trigger(_workflows[NextSpawnIndex(_workflows.Count)], [], null);

    public override void AdvanceTriggeredRuns(DateTimeOffset now)
    {
        foreach (var id in _active.Snapshot())
        {
            var task = Runs.Update(id, current => StateAt(current, now));
            if (task is null || task.Timeline is null || BrowserActStatuses.IsTerminal(task.Status) || task.Status == BrowserActStatuses.Paused)
            {
                _active.Remove(id);
            }
        }
    }

    private static BrowserActTask StateAt(BrowserActTask task, DateTimeOffset now)
    {
        if (task.Timeline is not { } timeline || BrowserActStatuses.IsTerminal(task.Status) || task.Status == BrowserActStatuses.Paused)
        {
            return task;
        }

        if (task.Status == BrowserActStatuses.Created && now >= timeline.StartsAt)
        {
            task = task with { Status = BrowserActStatuses.Running };
        }

        if (task.Pauses)
        {
            var pausingAt = timeline.StartsAt + ((timeline.EndsAt - timeline.StartsAt) / 2);
            if (now >= timeline.EndsAt)
            {
                return task with { Status = BrowserActStatuses.Paused };
            }

            return now >= pausingAt && task.Status == BrowserActStatuses.Running ? task with { Status = BrowserActStatuses.Pausing } : task;
        }

        if (task.Status != BrowserActStatuses.Running || now < timeline.EndsAt)
        {
            return task;
        }

        var credit = Math.Max(1, (long)(timeline.EndsAt - timeline.StartsAt).TotalSeconds);
        return task.EndsInFailure
            ? task with
            {
                Status = BrowserActStatuses.Failed,
                FinishedAt = timeline.EndsAt,
                FailureCode = 10005,
                FailureMessage = "Task failed (input outcome=failure)",
                Credit = credit,
                Timeline = null,
            }
            : task with
            {
                Status = BrowserActStatuses.Finished,
                FinishedAt = timeline.EndsAt,
                HasOutput = true,
                OutputString = $"{{\"ok\":true,\"task_id\":\"{task.Id}\"}}",
                Credit = credit,
                Timeline = null,
            };
    }

    public override Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteErrorAsync(context, statusCode, statusCode, message);

    /// <summary>The error envelope <c>{"code","msg","data":null,"ts","time","traceId"}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int httpStatus, int code, string message) =>
        JsonResponse.WriteAsync(context, httpStatus, w => BrowserActJson.WriteEnvelope(w, code, message, RequestId.Of(context)));
}
