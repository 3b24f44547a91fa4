using System.Text.Json;
using System.Text.RegularExpressions;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Anchor;

/// <summary>Anchor Browser routes: legacy /v1/task* and the v2 run status.</summary>
internal sealed partial class AnchorApi
{
    private const int MaxTaskPageSize = 100;

    private readonly AnchorBackend _backend;
    private readonly EmulatorOptions _options;
    private readonly ProviderStats _stats;

    public AnchorApi(AnchorBackend backend, EmulatorOptions options, EmulatorStats stats)
    {
        _backend = backend;
        _options = options;
        _stats = stats.Anchor;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        var plain = new ProviderEndpoint(ProviderNames.Anchor);
        var runList = new ProviderEndpoint(ProviderNames.Anchor, IsRunList: true);
        routes.MapProvider("GET", "/v1/task", ListTasksAsync, plain);
        routes.MapProvider("GET", "/v1/task/{taskId}/executions", ListExecutionsAsync, runList);
        routes.MapProvider("GET", "/v1/task/{taskId}/executions/{executionId}", GetExecutionAsync, plain);
        routes.MapProvider("POST", "/v1/task/run", RunTaskAsync, plain);
        routes.MapProvider("GET", "/v2/tasks/runs/{runId}/status", GetRunStatusAsync, plain);
    }

    private bool IsAuthorized(HttpContext context) =>
        string.Equals(context.Request.Headers["anchor-api-key"].ToString(), _options.ApiKey, StringComparison.Ordinal);

    private Task ErrorAsync(HttpContext context, int status, string message) => _backend.WriteErrorAsync(context, status, message);

    private Task UnauthorizedAsync(HttpContext context) => ErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid API Key");

    private async Task ListTasksAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (!PositiveIntegerQuery.TryRead(context.Request.Query, "page", 1, out var page)
            || !PositiveIntegerQuery.TryRead(context.Request.Query, "limit", 10, out var limit))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "page and limit must be positive integers");
            return;
        }

        limit = Math.Min(limit, MaxTaskPageSize);
        var tasks = _backend.TaskList;
        var slice = tasks.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * limit)).Take(limit);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => AnchorJson.WriteTaskPage(w, slice, tasks.Count, page, limit));
    }

    private async Task ListExecutionsAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var query = context.Request.Query;
        if (!PositiveIntegerQuery.TryRead(query, "page", 1, out var page))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid page: must match ^[1-9]\\d*$");
            return;
        }

        if (!PositiveIntegerQuery.TryRead(query, "limit", 10, out var limit))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid limit: must match ^[1-9]\\d*$");
            return;
        }

        var status = query["status"].ToString();
        if (status.Length > 0 && !AnchorStatuses.All.Contains(status))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"Invalid status: {status}");
            return;
        }

        var task = _backend.FindTask(RouteValue(context, "taskId"));
        if (task is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Task not found");
            return;
        }

        var version = query["version"].ToString();
        if (version == "latest")
        {
            version = task.LatestVersion;
        }

        if (_options.InsertsPerListRequest > 0)
        {
            _backend.InsertTerminalRuns(task, _options.InsertsPerListRequest);
            _stats.AddRunsInserted(_options.InsertsPerListRequest);
        }

        Func<AnchorExecution, bool>? predicate = status.Length == 0 && version.Length == 0
            ? null
            : e => (status.Length == 0 || e.Status == status) && (version.Length == 0 || e.Version == version);
        var offset = (long)(page - 1) * limit;
        var (results, total) = _backend.Runs.Read(task.Id, list => CreationOrderPage.Take(list, offset, limit, predicate));

        long reportedTotal = total;
        if (PagingTrap.TryApply(context, FaultKinds.TotalChanges, _stats))
        {
            reportedTotal = total + 3;
        }

        var totalPages = (reportedTotal + limit - 1) / limit;
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => AnchorJson.WriteExecutionPage(w, results, page, limit, reportedTotal, totalPages));
    }

    private async Task GetExecutionAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var task = _backend.FindTask(RouteValue(context, "taskId"));
        if (task is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Task not found");
            return;
        }

        var execution = _backend.Runs.Find(RouteValue(context, "executionId"));
        if (execution is null || execution.TaskKey != task.Id)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Execution result not found");
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            AnchorJson.WriteExecution(w, execution);
            w.WriteEndObject();
        });
    }

    private async Task RunTaskAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok || document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid request body");
            return;
        }

        var body = document.RootElement;
        var taskId = body.GetString("taskId");
        if (string.IsNullOrEmpty(taskId))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "taskId is required");
            return;
        }

        var task = _backend.FindTask(taskId);
        if (task is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Task not found");
            return;
        }

        var version = task.LatestVersion;
        if (body.TryGetProperty("version", out var versionElement) && versionElement.ValueKind != JsonValueKind.Null)
        {
            var requested = versionElement.ValueKind == JsonValueKind.String ? versionElement.GetString()! : "";
            if (!VersionPattern().IsMatch(requested))
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid version: must be draft, latest or a version number");
                return;
            }

            version = requested == "latest" ? task.LatestVersion : requested;
            if (!task.VersionIds.ContainsKey(version))
            {
                await ErrorAsync(context, StatusCodes.Status404NotFound, $"Task version {version} not found");
                return;
            }
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("inputs", out var inputsElement) && inputsElement.ValueKind != JsonValueKind.Null)
        {
            if (inputsElement.ValueKind != JsonValueKind.Object)
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "inputs must be an object");
                return;
            }

            foreach (var input in inputsElement.EnumerateObject())
            {
                if (!input.Name.StartsWith("ANCHOR_", StringComparison.Ordinal))
                {
                    await ErrorAsync(context, StatusCodes.Status400BadRequest, $"Invalid input key '{input.Name}': input keys must start with ANCHOR_");
                    return;
                }

                if (input.Value.ValueKind != JsonValueKind.String)
                {
                    await ErrorAsync(context, StatusCodes.Status400BadRequest, $"Invalid input '{input.Name}': values must be strings");
                    return;
                }

                inputs[input.Name] = input.Value.GetString()!;
            }
        }

        var isAsync = false;
        if (body.TryGetProperty("async", out var asyncElement))
        {
            if (asyncElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "async must be a boolean");
                return;
            }

            isAsync = asyncElement.ValueKind == JsonValueKind.True;
        }

        var execution = _backend.Trigger(task, version, inputs);
        _stats.AddRunsCreated();
        if (!isAsync)
        {
            // Sync mode holds the request until the execution ends.
            while (!execution.IsTerminal)
            {
                try
                {
                    await Task.Delay(50, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _backend.AdvanceTriggeredRuns(DateTimeOffset.UtcNow);
                execution = _backend.Runs.Find(execution.Id)!;
            }
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => AnchorJson.WriteRunTaskResponse(w, execution, isAsync));
    }

    private async Task GetRunStatusAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var execution = _backend.Runs.Find(RouteValue(context, "runId"));
        if (execution is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Task run not found");
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => AnchorJson.WriteRunStatusV2(w, execution));
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    [GeneratedRegex(@"^(draft|latest|\d+)$")]
    private static partial Regex VersionPattern();
}
