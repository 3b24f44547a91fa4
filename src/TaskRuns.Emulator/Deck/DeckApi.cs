using System.Globalization;
using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Deck;

/// <summary>Deck routes under /v2 (test, task runs, tasks, trigger, cancel, interaction).</summary>
internal sealed partial class DeckApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    private readonly DeckBackend _backend;
    private readonly EmulatorOptions _options;
    private readonly ProviderStats _stats;

    public DeckApi(DeckBackend backend, EmulatorOptions options, EmulatorStats stats)
    {
        _backend = backend;
        _options = options;
        _stats = stats.Deck;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        var plain = new ProviderEndpoint(ProviderNames.Deck);
        routes.MapProvider("GET", "/v2/test", TestAsync, plain);
        routes.MapProvider("GET", "/v2/task-runs", ListRunsAsync, new ProviderEndpoint(ProviderNames.Deck, IsRunList: true));
        routes.MapProvider("GET", "/v2/task-runs/{runId}", GetRunAsync, plain);
        routes.MapProvider("POST", "/v2/task-runs/{runId}/cancel", CancelAsync, plain);
        routes.MapProvider("POST", "/v2/task-runs/{runId}/interaction", InteractAsync, plain);
        routes.MapProvider("GET", "/v2/tasks", ListTasksAsync, plain);
        routes.MapProvider("POST", "/v2/tasks/{taskId}/run", TriggerAsync, plain);
        MapEventRoutes(routes);
    }

    private bool IsAuthorized(HttpContext context) => BearerToken.Matches(context, _options.ApiKey);

    /// <summary>Deck answers 401 with no body.</summary>
    private static Task UnauthorizedAsync(HttpContext context) => JsonResponse.WriteEmptyAsync(context, StatusCodes.Status401Unauthorized);

    private static Task ErrorAsync(HttpContext context, int status, string type, string code, string message, string? field = null) =>
        JsonResponse.WriteAsync(context, status, w => DeckJson.WriteErrors(w, [new DeckRunError(type, code, message, field)], RequestId.Of(context)));

    private static Task ValidationAsync(HttpContext context, Dictionary<string, List<string>> errors) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status400BadRequest, w => DeckJson.WriteValidationErrors(w, errors, RequestId.Of(context)));

    /// <summary>Finds the run named by the {runId} route value; writes Deck's 404 itself when there is none.</summary>
    private async Task<DeckRun?> FindRunAsync(HttpContext context)
    {
        var run = _backend.Runs.Find(RouteValue(context, "runId"));
        if (run is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "invalid_request", "resource_not_found", "Task run not found.");
        }

        return run;
    }

    private async Task TestAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", "API key is valid.");
            w.WriteString("request_id", RequestId.Of(context));
            w.WriteEndObject();
        });
    }

    private static int ReadLimit(HttpContext context, Dictionary<string, List<string>> errors)
    {
        var raw = context.Request.Query["limit"].ToString();
        if (raw.Length == 0)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
        {
            DeckRunFilter.AddError(errors, "limit", $"The value '{raw}' is not valid for limit.");
            return DefaultLimit;
        }

        if (limit is < 1 or > MaxLimit)
        {
            DeckRunFilter.AddError(errors, "limit", $"The field limit must be between 1 and {MaxLimit}.");
        }

        return limit;
    }

    private async Task ListRunsAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var limit = ReadLimit(context, errors);
        var cursor = context.Request.Query["cursor"].ToString();
        var before = DeckCursor.Top;
        if (cursor.Length > 0 && !DeckCursor.TryDecodeRun(cursor, _backend.Runs.Find, out before))
        {
            DeckRunFilter.AddError(errors, "cursor", "The cursor is invalid or has expired.");
        }

        var filter = DeckRunFilter.Parse(context.Request.Query, errors);
        if (errors.Count > 0)
        {
            await ValidationAsync(context, errors);
            return;
        }

        var task = filter.TaskId.Length > 0 ? _backend.FindTask(filter.TaskId) : null;
        if (_options.InsertsPerListRequest > 0 && (filter.TaskId.Length == 0 || task is not null))
        {
            _backend.InsertEndedRuns(task, _options.InsertsPerListRequest);
            _stats.AddRunsInserted(_options.InsertsPerListRequest);
        }

        var predicate = filter.Predicate(id => _backend.FindTask(id)?.Name ?? "");
        List<DeckRun> page;
        if (filter.TaskId.Length > 0 && task is null)
        {
            page = new List<DeckRun>();
        }
        else
        {
            page = _backend.Runs.Read(task?.Id, list => OlderThan(list, before, limit + 1, predicate));
        }

        var hasMore = page.Count > limit;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }

        var nextCursor = hasMore ? DeckCursor.ForRun(page[^1]) : null;
        if (PagingTrap.TryApply(context, FaultKinds.RepeatCursor, _stats))
        {
            hasMore = true;
            nextCursor = cursor.Length > 0 ? cursor : DeckCursor.ForTop();
        }
        else if (PagingTrap.TryApply(context, FaultKinds.MoreWithoutCursor, _stats))
        {
            hasMore = true;
            nextCursor = null;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => DeckJson.WriteRunPage(w, page, hasMore, nextCursor, RequestId.Of(context)));
    }

    /// <summary>Newest first, runs with Seq below <paramref name="before"/>, up to <paramref name="take"/> matches.</summary>
    private static List<DeckRun> OlderThan(IReadOnlyList<DeckRun> ascending, int before, int take, Func<DeckRun, bool>? predicate)
    {
        // Lists are ascending by Seq, so the start is a binary search.
        int lo = 0, hi = ascending.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (ascending[mid].Seq < before)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var page = new List<DeckRun>(Math.Min(take, 128));
        for (var i = lo - 1; i >= 0 && page.Count < take; i--)
        {
            if (predicate is null || predicate(ascending[i]))
            {
                page.Add(ascending[i]);
            }
        }

        return page;
    }

    private async Task GetRunAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (await FindRunAsync(context) is not { } run)
        {
            return;
        }

        var include = context.Request.Query["include"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => DeckJson.WriteRun(w, run, include));
    }

    private async Task ListTasksAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var limit = ReadLimit(context, errors);
        var tasks = _backend.TaskList;
        var cursor = context.Request.Query["cursor"].ToString();
        var start = 0;
        if (cursor.Length > 0 && !DeckCursor.TryDecodeTaskIndex(cursor, tasks.Count, out start))
        {
            DeckRunFilter.AddError(errors, "cursor", "The cursor is invalid or has expired.");
        }

        if (errors.Count > 0)
        {
            await ValidationAsync(context, errors);
            return;
        }

        var page = tasks.Skip(start).Take(limit).ToList();
        var hasMore = start + page.Count < tasks.Count;
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => DeckJson.WriteListPage(w, page, DeckJson.WriteTask, hasMore,
            hasMore ? DeckCursor.ForTaskIndex(start + page.Count) : null, RequestId.Of(context)));
    }

    private async Task TriggerAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok || (document is not null && document.RootElement.ValueKind != JsonValueKind.Object))
        {
            await ValidationAsync(context, new() { ["body"] = ["The request body is not valid JSON."] });
            return;
        }

        JsonElement? input = null;
        if (document is not null && document.RootElement.TryGetProperty("input", out var inputElement) && inputElement.ValueKind != JsonValueKind.Null)
        {
            if (inputElement.ValueKind != JsonValueKind.Object)
            {
                await ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "invalid_request", "invalid_input", "input must be an object.", "input");
                return;
            }

            input = inputElement;
        }

        var task = _backend.FindTask(RouteValue(context, "taskId"));
        if (task is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "invalid_request", "resource_not_found", "Task not found.");
            return;
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        var (run, replayed, conflict) = _backend.Trigger(task, input, idempotencyKey.Length > 0 ? idempotencyKey : null);
        if (conflict)
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "invalid_request", "idempotency_key_reused",
                "This Idempotency-Key was already used for another task.");
            return;
        }

        if (replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }
        else
        {
            _stats.AddRunsCreated();
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status201Created, w => DeckJson.WriteRun(w, run!));
    }

    private async Task CancelAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (await FindRunAsync(context) is not { } run)
        {
            return;
        }

        var canceling = _backend.Cancel(run);
        if (canceling is null)
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "invalid_request", "task_run_not_cancelable",
                $"Task run is already {run.Status} and cannot be canceled.");
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => DeckJson.WriteRun(w, canceling));
    }

    private async Task InteractAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok)
        {
            await ValidationAsync(context, new() { ["body"] = ["The request body is not valid JSON."] });
            return;
        }

        if (await FindRunAsync(context) is not { } run)
        {
            return;
        }

        var answer = document is not null && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("input", out var inputElement) && inputElement.ValueKind == JsonValueKind.Object
                ? inputElement.GetRawText()
                : "{}";
        var resumed = _backend.Interact(run, answer);
        if (resumed is null)
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "invalid_request", "task_run_not_awaiting_interaction",
                $"Task run is {run.Status}, not interaction_required.");
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => DeckJson.WriteRun(w, resumed));
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";
}
