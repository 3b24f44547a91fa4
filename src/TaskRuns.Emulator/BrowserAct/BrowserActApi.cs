using System.Globalization;
using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.BrowserAct;

/// <summary>BrowserAct routes under /v2/workflow (every parameter in the query string).</summary>
internal sealed class BrowserActApi
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 500;

    private readonly BrowserActBackend _backend;
    private readonly EmulatorOptions _options;
    private readonly ProviderStats _stats;

    public BrowserActApi(BrowserActBackend backend, EmulatorOptions options, EmulatorStats stats)
    {
        _backend = backend;
        _options = options;
        _stats = stats.BrowserAct;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        var plain = new ProviderEndpoint(ProviderNames.BrowserAct);
        routes.MapProvider("GET", "/v2/workflow/list-tasks", ListTasksAsync, new ProviderEndpoint(ProviderNames.BrowserAct, IsRunList: true));
        routes.MapProvider("GET", "/v2/workflow/get-task", GetTaskAsync, plain);
        routes.MapProvider("GET", "/v2/workflow/get-task-status", GetTaskStatusAsync, plain);
        routes.MapProvider("GET", "/v2/workflow/list-workflows", ListWorkflowsAsync, plain);
        routes.MapProvider("POST", "/v2/workflow/run-task", RunTaskAsync, plain);
        routes.MapProvider("PUT", "/v2/workflow/stop-task", StopTaskAsync, plain);
        routes.MapProvider("PUT", "/v2/workflow/resume-task", ResumeTaskAsync, plain);
    }

    private bool IsAuthorized(HttpContext context) => BearerToken.Matches(context, _options.ApiKey);

    private static Task ErrorAsync(HttpContext context, int httpStatus, int code, string message) =>
        BrowserActBackend.WriteErrorAsync(context, httpStatus, code, message);

    private static Task UnauthorizedAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status401Unauthorized, BrowserActErrorCodes.Unauthorized, "Invalid authorization");

    private static Task InvalidParameterAsync(HttpContext context, string message) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, BrowserActErrorCodes.InvalidParameter, message);

    private static Task TaskNotExistAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, BrowserActErrorCodes.TaskNotExist, "Task is not exist.");

    private static Task SuccessEnvelopeAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => BrowserActJson.WriteEnvelope(w, 0, "success", RequestId.Of(context)));

    /// <summary>Reads page (≥1, default 1) and limit (1-500, default 10); writes the 400 itself.</summary>
    private static async Task<(bool Ok, int Page, int Limit)> ReadPagingAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var page = 1;
        var limit = DefaultLimit;
        var rawPage = query["page"].ToString();
        if (rawPage.Length > 0 && (!int.TryParse(rawPage, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            await InvalidParameterAsync(context, "page must be an integer >= 1");
            return (false, 0, 0);
        }

        var rawLimit = query["limit"].ToString();
        if (rawLimit.Length > 0 && (!int.TryParse(rawLimit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await InvalidParameterAsync(context, $"limit must be an integer between 1 and {MaxLimit}");
            return (false, 0, 0);
        }

        return (true, page, limit);
    }

    private async Task ListTasksAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (ok, page, limit) = await ReadPagingAsync(context);
        if (!ok)
        {
            return;
        }

        var query = context.Request.Query;
        var status = query["status"].ToString();
        if (status.Length > 0 && !BrowserActStatuses.All.Contains(status))
        {
            await InvalidParameterAsync(context, $"Invalid status: {status}");
            return;
        }

        DateTimeOffset? from = null, to = null;
        foreach (var (name, assign) in new (string, Action<DateTimeOffset>)[] { ("created_at_from", t => from = t), ("created_at_to", t => to = t) })
        {
            var raw = query[name].ToString();
            if (raw.Length == 0)
            {
                continue;
            }

            if (!TimeFormats.TryParseQuery(raw, out var time))
            {
                await InvalidParameterAsync(context, $"{name} must be an ISO 8601 date-time");
                return;
            }

            assign(time);
        }

        var workflowId = query["workflow_id"].ToString();
        var workflowName = query["workflow_name"].ToString();
        var workflow = workflowId.Length > 0 ? _backend.FindWorkflow(workflowId) : null;
        if (_options.InsertsPerListRequest > 0 && (workflowId.Length == 0 || workflow is not null))
        {
            _backend.InsertEndedRuns(workflow, _options.InsertsPerListRequest);
            _stats.AddRunsInserted(_options.InsertsPerListRequest);
        }

        HashSet<string>? namedWorkflows = workflowName.Length == 0
            ? null
            : _backend.WorkflowList.Where(w => w.Name.Contains(workflowName, StringComparison.OrdinalIgnoreCase)).Select(w => w.Id).ToHashSet();
        Func<BrowserActTask, bool>? predicate = status.Length == 0 && from is null && to is null && namedWorkflows is null
            ? null
            : t => (status.Length == 0 || t.Status == status)
                && (from is null || t.CreatedAt >= from)
                && (to is null || t.CreatedAt <= to)
                && (namedWorkflows is null || namedWorkflows.Contains(t.TaskKey));

        List<BrowserActTask> items;
        int total;
        if (workflowId.Length > 0 && workflow is null)
        {
            (items, total) = (new List<BrowserActTask>(), 0);
        }
        else
        {
            var offset = (long)(page - 1) * limit;
            (items, total) = _backend.Runs.Read(workflow?.Id, list => CreationOrderPage.Take(list, offset, limit, predicate));
        }

        long reportedTotal = total;
        if (PagingTrap.TryApply(context, FaultKinds.TotalChanges, _stats))
        {
            reportedTotal = total + 3;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => BrowserActJson.WritePage(w, page, limit, items, (writer, task) => BrowserActJson.WriteTask(writer, task), reportedTotal));
    }

    /// <summary>Finds the task named by ?task_id=; writes 400 (missing) or 10112 (unknown) itself.</summary>
    private async Task<BrowserActTask?> FindTaskAsync(HttpContext context)
    {
        var taskId = context.Request.Query["task_id"].ToString();
        if (taskId.Length == 0)
        {
            await InvalidParameterAsync(context, "task_id is required");
            return null;
        }

        var task = _backend.Runs.Find(taskId);
        if (task is null)
        {
            await TaskNotExistAsync(context);
        }

        return task;
    }

    private async Task GetTaskAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (await FindTaskAsync(context) is { } task)
        {
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => BrowserActJson.WriteTask(w, task, full: true));
        }
    }

    private async Task GetTaskStatusAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (await FindTaskAsync(context) is { } task)
        {
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("status", task.Status);
                w.WriteEndObject();
            });
        }
    }

    private async Task ListWorkflowsAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (ok, page, limit) = await ReadPagingAsync(context);
        if (!ok)
        {
            return;
        }

        var workflows = _backend.WorkflowList;
        var items = workflows.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * limit)).Take(limit);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => BrowserActJson.WritePage(w, page, limit, items, BrowserActJson.WriteWorkflow, workflows.Count));
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
            await InvalidParameterAsync(context, "Request body must be a JSON object");
            return;
        }

        var body = document.RootElement;
        var workflowId = body.GetString("workflow_id");
        if (string.IsNullOrEmpty(workflowId))
        {
            await InvalidParameterAsync(context, "workflow_id is required");
            return;
        }

        var inputs = new List<KeyValuePair<string, string>>();
        if (body.TryGetProperty("input_parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            if (parameters.ValueKind != JsonValueKind.Array)
            {
                await InvalidParameterAsync(context, "input_parameters must be an array of {name, value}");
                return;
            }

            foreach (var parameter in parameters.EnumerateArray())
            {
                var name = parameter.GetString("name");
                if (string.IsNullOrEmpty(name))
                {
                    await InvalidParameterAsync(context, "input_parameters[].name is required");
                    return;
                }

                inputs.Add(new(name, parameter.GetString("value") ?? ""));
            }
        }

        var workflow = _backend.FindWorkflow(workflowId);
        if (workflow is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, BrowserActErrorCodes.WorkflowNotExist, "Workflow is not exist.");
            return;
        }

        var saveBrowserData = body.TryGetProperty("save_browser_data", out var save) && save.ValueKind == JsonValueKind.True;
        var profileId = body.GetString("profile_id") ?? (saveBrowserData ? "profile_" + Guid.NewGuid().ToString("N")[..12] : null);
        var task = _backend.Trigger(workflow, inputs, profileId);
        _stats.AddRunsCreated();
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            if (saveBrowserData && profileId is not null)
            {
                w.WriteString("profile_id", profileId);
            }

            w.WriteEndObject();
        });
    }

    private Task StopTaskAsync(HttpContext context) =>
        ChangeTaskAsync(context, _backend.Stop, BrowserActErrorCodes.TaskAlreadyFinished, "Task has already finished.");

    private Task ResumeTaskAsync(HttpContext context) =>
        ChangeTaskAsync(context, _backend.Resume, BrowserActErrorCodes.TaskNotResumable, "Task cannot be resumed.");

    /// <summary>stop-task / resume-task: the success envelope, or a 400 with the given code when the backend refuses (null).</summary>
    private async Task ChangeTaskAsync(HttpContext context, Func<BrowserActTask, BrowserActTask?> change, int refusedCode, string refusedMessage)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (await FindTaskAsync(context) is not { } task)
        {
            return;
        }

        if (change(task) is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, refusedCode, refusedMessage);
            return;
        }

        await SuccessEnvelopeAsync(context);
    }
}
