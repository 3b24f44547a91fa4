using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Deck;

/// <summary>Deck's data: tasks, task runs in all eight statuses, triggered runs, cancel and interaction.</summary>
internal sealed class DeckBackend : ProviderBackend<DeckRun>
{
    public const string MfaInteractionJson =
        "{\"type\":\"mfa\",\"message\":\"Enter the verification code sent to your phone.\",\"fields\":[{\"name\":\"code\",\"type\":\"text\",\"label\":\"Verification code\",\"required\":true}]}";

    private static readonly string[] TaskNames =
    [
        "Fetch utility bill", "Download bank statements", "Sync payroll report", "Pull insurance documents",
        "Export tax forms", "Retrieve usage data", "Collect invoices", "Refresh account balances",
    ];

    private static readonly DeckRunError[] FailedRunErrors =
    [
        new("auth", "login_failed", "Login failed: the credentials were rejected by the source."),
        new("task", "timeout", "The task did not finish within the time limit."),
        new("source", "source_unavailable", "The source website is unavailable."),
    ];

    private static readonly DeckRunError CompletedFailureError =
        new("task", "extraction_failed", "The requested data could not be found on the page.");

    private readonly List<DeckTask> _tasks = new();
    private readonly ActiveRunSet _active = new();
    private readonly object _advanceGate = new();
    private readonly Dictionary<string, (string TaskId, string RunId)> _idempotencyKeys = new(StringComparer.Ordinal);
    private readonly StatusCycle<string> _insertedStatuses;
    private readonly string[] _credentials;
    private readonly string[] _sources;
    private int _insertTaskCursor;

    public DeckBackend(EmulatorOptions options)
        : base(ProviderNames.Deck, options)
    {
        Events = new DeckEventLog(options.Seed);
        _credentials = Enumerable.Range(0, 3).Select(_ => "cred_" + RandomIds.Base32(Random, 24)).ToArray();
        _sources = Enumerable.Range(0, 3).Select(_ => "src_" + RandomIds.Base32(Random, 24)).ToArray();
        Seed();
        _insertedStatuses = new StatusCycle<string>(Random, ("completed:success", 8), ("failed", 1), ("canceled", 1));
    }

    /// <summary>task_run.* events of runs created through this emulator.</summary>
    public DeckEventLog Events { get; }

    /// <summary>How long a canceling run stays canceling.</summary>
    public TimeSpan CancelDelay => TimeSpan.FromMilliseconds(Math.Clamp(Options.RunDurationMs / 3, 100, 1000));

    public IReadOnlyList<DeckTask> TaskList => _tasks;

    public DeckTask? FindTask(string id) => _tasks.Find(t => t.Id == id);

    public override IReadOnlyList<EmulatedTask> Tasks() => _tasks.Select(t => new EmulatedTask(Name, t.Id, t.Name) { WorkflowId = t.WorkflowId }).ToArray();

    private void Seed()
    {
        var agents = Enumerable.Range(0, 2).Select(_ => "agt_" + RandomIds.Base32(Random, 24)).ToArray();
        var count = Math.Max(0, Options.RunsPerTask);
        var perTask = new List<IReadOnlyList<DeckRun>>();
        for (var t = 0; t < Math.Max(1, Options.TasksPerProvider); t++)
        {
            var name = TaskNames[t % TaskNames.Length] + (t >= TaskNames.Length ? $" {(t / TaskNames.Length) + 1}" : "");
            var task = new DeckTask(
                "task_" + RandomIds.Base32(Random, 24), name, $"Emulated Deck task: {name}",
                agents[t % agents.Length], "wf_" + RandomIds.Base32(Random, 24), SeedEnd - TimeSpan.FromDays(120) + TimeSpan.FromHours(t));
            _tasks.Add(task);
            Runs.AddTask(task.Id);

            var statuses = new StatusCycle<string>(Random,
                ("completed:success", 7), ("completed:failure", 2), ("completed:unknown", 1), (DeckStatuses.Failed, 3),
                (DeckStatuses.Canceled, 2), (DeckStatuses.Queued, 1), (DeckStatuses.Running, 1), (DeckStatuses.Canceling, 1),
                (DeckStatuses.InteractionRequired, 1), (DeckStatuses.ReviewRequired, 1));
            var runs = new List<DeckRun>(count);
            var previous = DateTimeOffset.MinValue;
            for (var i = 0; i < count; i++)
            {
                var created = SeedTimeline.Floor(SeedTimeline.At(SeedEnd, i, count, Random.NextDouble() * 0.9), TimeSpan.FromMilliseconds(1));
                if (created <= previous)
                {
                    created = previous.AddMilliseconds(1);
                }

                previous = created;
                runs.Add(CreateFixed(task, statuses.Next(), created, runtimeAsString: i % 3 == 1));
            }

            perTask.Add(runs);
        }

        Runs.Load(SeedMerge.ByCreatedAt(perTask));
    }

    /// <summary>A seeded or inserted run in a fixed state ("completed:&lt;result&gt;" or a status).</summary>
    private DeckRun CreateFixed(DeckTask task, string state, DateTimeOffset created, bool runtimeAsString)
    {
        var r = Random;
        var parts = state.Split(':');
        var status = parts[0];
        var result = parts.Length > 1 ? parts[1] : status == DeckStatuses.Failed ? DeckStatuses.ResultFailure : null;
        var terminal = DeckStatuses.IsTerminal(status);
        long? runtime = terminal ? r.Next(1_000, 300_000) : null;
        var run = new DeckRun
        {
            Id = "trun_" + RandomIds.Base32(r, 24),
            TaskKey = task.Id,
            CreatedAt = created,
            Status = status,
            Result = result,
            AgentId = task.AgentId,
            WorkflowId = task.WorkflowId,
            CredentialId = r.Next(4) == 0 ? null : _credentials[r.Next(_credentials.Length)],
            SourceId = r.Next(4) == 0 ? null : _sources[r.Next(_sources.Length)],
            SessionId = status == DeckStatuses.Queued ? null : "sess_" + RandomIds.Base32(r, 24),
            RuntimeMs = runtime,
            RuntimeAsString = runtimeAsString,
            UpdatedAt = created + TimeSpan.FromMilliseconds(runtime ?? r.Next(100, 5_000)),
            InputJson = $"{{\"account_hint\":\"acct_{r.Next(1000, 9999)}\"}}",
        };

        return status switch
        {
            DeckStatuses.Completed when result == DeckStatuses.ResultSuccess => run with { OutputJson = SuccessOutput(r) },
            DeckStatuses.Completed when result == DeckStatuses.ResultFailure => run with { Errors = [CompletedFailureError] },
            DeckStatuses.Completed => run with { OutputJson = r.Next(2) == 0 ? "{\"documents\":[],\"count\":0}" : null },
            DeckStatuses.Failed => run with { Errors = [FailedRunErrors[r.Next(FailedRunErrors.Length)]] },
            DeckStatuses.InteractionRequired => run with { InteractionJson = MfaInteractionJson },
            _ => run,
        };
    }

    /// <summary>Output of successful runs: an object, an encrypted string or null.</summary>
    private static string? SuccessOutput(Random r) => r.Next(4) switch
    {
        0 => $"{{\"balance\":{r.Next(100, 99_999)}.{r.Next(10, 99)},\"currency\":\"USD\",\"statements\":{r.Next(1, 12)}}}",
        1 => "{\"documents\":[{\"id\":\"doc_" + RandomIds.Base32(r, 12) + "\",\"type\":\"statement\"}],\"count\":1}",
        2 => "\"enc_" + RandomIds.Hex(r, 24) + "\"",
        _ => null,
    };

    /// <summary>Inserts new ended runs (newest) into a task, or round-robin over tasks.</summary>
    public void InsertEndedRuns(DeckTask? task, int count)
    {
        for (var i = 0; i < count; i++)
        {
            DeckRun run;
            lock (Random)
            {
                var target = task ?? _tasks[_insertTaskCursor++ % _tasks.Count];
                run = CreateFixed(target, _insertedStatuses.Next(), DateTimeOffset.UtcNow, runtimeAsString: Random.Next(2) == 0);
            }

            Runs.Append(run);
        }
    }

    /// <summary>
    /// Creates a queued run; the same idempotency key returns the run created first (Replayed) and
    /// creates nothing. A key reused for another task is a conflict.
    /// </summary>
    public (DeckRun? Run, bool Replayed, bool KeyConflict) Trigger(DeckTask task, JsonElement? input, string? idempotencyKey)
    {
        lock (_idempotencyKeys)
        {
            if (!string.IsNullOrEmpty(idempotencyKey) && _idempotencyKeys.TryGetValue(idempotencyKey, out var existing))
            {
                return existing.TaskId == task.Id ? (Runs.Find(existing.RunId), true, false) : (null, false, true);
            }

            var now = DateTimeOffset.UtcNow;
            var inputJson = input is { ValueKind: JsonValueKind.Object } i ? i.GetRawText() : "{}";
            var run = WithRandom(r => new DeckRun
            {
                Id = "trun_" + RandomIds.Base32(r, 24),
                TaskKey = task.Id,
                CreatedAt = now,
                Triggered = true,
                Status = DeckStatuses.Queued,
                AgentId = task.AgentId,
                WorkflowId = task.WorkflowId,
                UpdatedAt = now,
                InputJson = inputJson,
                RuntimeAsString = r.Next(2) == 0,
                Timeline = RunTimeline.From(now, RunTimeline.Duration(InputText(input, "duration_ms"), RunDuration)),
                EndsInFailure = InputSays(input, "outcome", "failure"),
                NeedsInteraction = InputSays(input, "needs_interaction", "true"),
            });
            run = Runs.Append(run);
            Events.Record(run);
            if (!string.IsNullOrEmpty(idempotencyKey))
            {
                _idempotencyKeys[idempotencyKey] = (task.Id, run.Id);
            }

            _active.Add(run.Id);
            AdvanceTriggeredRuns(now);
            return (Runs.Find(run.Id), false, false);
        }
    }

    /// <summary>A string or number property of the run's input, as text.</summary>
    private static string? InputText(JsonElement? input, string name) =>
        input is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value)
            ? value.ValueKind is JsonValueKind.String ? value.GetString() : value.ValueKind is JsonValueKind.Number ? value.GetRawText() : null
            : null;

    private static bool InputSays(JsonElement? input, string name, string expected)
    {
        if (input is not { ValueKind: JsonValueKind.Object } element || !element.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => expected == "true",
            JsonValueKind.String => string.Equals(value.GetString(), expected, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>Moves a run to canceling (canceled after <see cref="CancelDelay"/>); null if it already finished.</summary>
    public DeckRun? Cancel(DeckRun target)
    {
        var now = DateTimeOffset.UtcNow;
        DeckRun? refused = null;
        var updated = Runs.Update(target.Id, run =>
        {
            if (DeckStatuses.IsTerminal(run.Status))
            {
                refused = run;
                return null;
            }

            return run.Status == DeckStatuses.Canceling
                ? run
                : run with { Status = DeckStatuses.Canceling, UpdatedAt = now, CancelAt = now + CancelDelay, InteractionJson = null };
        });
        if (refused is not null)
        {
            return null;
        }

        if (updated is not null && updated.UpdatedAt == now)
        {
            Events.Record(updated);
        }

        _active.Add(target.Id);
        return updated;
    }

    /// <summary>Answers an interaction_required run: it runs again and completes after 2/3 of the run duration.</summary>
    public DeckRun? Interact(DeckRun target, string inputJson)
    {
        var now = DateTimeOffset.UtcNow;
        var accepted = false;
        var updated = Runs.Update(target.Id, run =>
        {
            if (run.Status != DeckStatuses.InteractionRequired)
            {
                return null;
            }

            accepted = true;
            return run with
            {
                Status = DeckStatuses.Running,
                InteractionJson = null,
                NeedsInteraction = false,
                UpdatedAt = now,
                Timeline = new RunTimeline(now, now + (RunDuration * 2 / 3)),
                InputJson = MergeInput(run.InputJson, inputJson),
            };
        });
        if (!accepted)
        {
            return null;
        }

        Events.Record(updated!);
        _active.Add(target.Id);
        return updated;
    }

    private static string MergeInput(string original, string answer) => $"{{\"task_input\":{original},\"interaction_input\":{answer}}}";

    public override void SpawnRun() => Trigger(_tasks[NextSpawnIndex(_tasks.Count)], null, null);

    public override void AdvanceTriggeredRuns(DateTimeOffset now)
    {
        // One advance at a time (the ticker and request threads both call this): a run's events are recorded in the order
        // of its changes.
        lock (_advanceGate)
        {
            foreach (var id in _active.Snapshot())
            {
                string? before = null;
                var run = Runs.Update(id, current =>
                {
                    before = current.Status;
                    return StateAt(current, now);
                });
                if (run is not null && run.Status != before)
                {
                    // A run that skipped a state between two ticks (queued → completed) still reports each step it passed.
                    if (before == DeckStatuses.Queued && run.Status != DeckStatuses.Running && run.Status != DeckStatuses.Canceling)
                    {
                        Events.Record(run with { Status = DeckStatuses.Running, Result = null, Errors = null, OutputJson = null, RuntimeMs = null, InteractionJson = null });
                    }

                    Events.Record(run);
                }

                if (run is null || DeckStatuses.IsTerminal(run.Status) || run.Status == DeckStatuses.InteractionRequired)
                {
                    _active.Remove(id);
                }
            }
        }
    }

    private static DeckRun StateAt(DeckRun run, DateTimeOffset now)
    {
        if (run.Status == DeckStatuses.Canceling)
        {
            return run.CancelAt is { } cancelAt && now >= cancelAt
                ? run with
                {
                    Status = DeckStatuses.Canceled,
                    UpdatedAt = cancelAt,
                    RuntimeMs = (long)(cancelAt - run.CreatedAt).TotalMilliseconds,
                    Timeline = null,
                }
                : run;
        }

        if (run.Timeline is not { } timeline || DeckStatuses.IsTerminal(run.Status) || run.Status == DeckStatuses.InteractionRequired)
        {
            return run;
        }

        if (run.Status == DeckStatuses.Queued && now >= timeline.StartsAt)
        {
            run = run with { Status = DeckStatuses.Running, UpdatedAt = timeline.StartsAt, SessionId = "sess_" + run.Id[5..] };
        }

        if (run.Status != DeckStatuses.Running || now < timeline.EndsAt)
        {
            return run;
        }

        if (run.NeedsInteraction)
        {
            return run with { Status = DeckStatuses.InteractionRequired, UpdatedAt = timeline.EndsAt, InteractionJson = MfaInteractionJson };
        }

        var runtime = (long)(timeline.EndsAt - run.CreatedAt).TotalMilliseconds;
        return run.EndsInFailure
            ? run with
            {
                Status = DeckStatuses.Failed,
                Result = DeckStatuses.ResultFailure,
                UpdatedAt = timeline.EndsAt,
                RuntimeMs = runtime,
                Errors = [new DeckRunError("task", "task_failed", "The task failed (input outcome=failure).")],
                Timeline = null,
            }
            : run with
            {
                Status = DeckStatuses.Completed,
                Result = DeckStatuses.ResultSuccess,
                UpdatedAt = timeline.EndsAt,
                RuntimeMs = runtime,
                OutputJson = $"{{\"ok\":true,\"task_run_id\":\"{run.Id}\"}}",
                Timeline = null,
            };
    }

    public override Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        if (statusCode == StatusCodes.Status429TooManyRequests)
        {
            return JsonResponse.WriteAsync(context, statusCode,
                w => DeckJson.WriteErrors(w, [new DeckRunError("rate_limit", "rate_limit_exceeded", "Too many requests.")], RequestId.Of(context), includeField: false));
        }

        var code = message.ToLowerInvariant().Replace(' ', '_');
        return JsonResponse.WriteAsync(context, statusCode,
            w => DeckJson.WriteErrors(w, [new DeckRunError("api_error", code, message + ".")], RequestId.Of(context)));
    }
}
