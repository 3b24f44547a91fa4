using System.Text;
using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>RunWisp daemon routes under /api (auth, tasks, runs, trigger/stop, SSE).</summary>
internal sealed partial class RunWispApi
{
    private readonly RunWispBackend _backend;
    private readonly RunWispAuth _auth;
    private readonly EmulatorOptions _options;
    private readonly ProviderStats _stats;
    private readonly CancellationToken _stopping;
    private readonly StreamDropSignal _drops;

    public RunWispApi(RunWispBackend backend, EmulatorOptions options, EmulatorStats stats, StreamDropSignal drops, CancellationToken stopping)
    {
        _drops = drops;
        _backend = backend;
        _auth = new RunWispAuth(options);
        _options = options;
        _stats = stats.RunWisp;
        _stopping = stopping;
    }

    private bool NewApi => _backend.IsNewApi;

    public void Map(IEndpointRouteBuilder routes)
    {
        var plain = new ProviderEndpoint(ProviderNames.RunWisp);
        var runList = new ProviderEndpoint(ProviderNames.RunWisp, IsRunList: true);
        routes.MapProvider("GET", "/api/auth/challenge", ChallengeAsync, plain);
        routes.MapProvider("POST", "/api/auth", context => LoginAsync(context, pbkdf2Route: false), plain);
        routes.MapProvider("POST", "/api/auth/login", context => LoginAsync(context, pbkdf2Route: true), plain);
        routes.MapProvider("GET", "/api/auth/status", AuthStatusAsync, plain);
        routes.MapProvider("GET", "/api/info", InfoAsync, plain);
        routes.MapProvider("GET", "/api/tasks", ListTasksAsync, plain);
        routes.MapProvider("GET", "/api/tasks/{taskName}/runs", context => ListRunsAsync(context, perTask: true), runList);
        routes.MapProvider("GET", "/api/runs", context => ListRunsAsync(context, perTask: false), runList);
        routes.MapProvider("GET", "/api/runs/stream", StreamAsync, new ProviderEndpoint(ProviderNames.RunWisp, IsStreaming: true));
        if (NewApi)
        {
            routes.MapProvider("GET", "/api/runs/{runId}", GetRunAsync, plain);
        }
        else
        {
            routes.MapProvider("GET", "/api/tasks/{taskName}/runs/{runId}", GetRunAsync, plain);
        }

        routes.MapProvider("POST", "/api/tasks/{taskName}/run", TriggerAsync, plain);
        routes.MapProvider("POST", "/api/tasks/{taskName}/runs/{runId}/stop", StopAsync, plain);
        routes.MapProvider("POST", "/api/runs/{runId}/stop", StopAsync, plain);
        MapLogRoutes(routes);
    }

    private bool IsAuthorized(HttpContext context) => _auth.IsValidToken(BearerToken.Read(context));

    /// <summary>A missing or expired token gets 401 text/plain (not problem+json).</summary>
    private static Task UnauthorizedAsync(HttpContext context) =>
        JsonResponse.WriteTextAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "text/plain; charset=utf-8");

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<RunWispValidationError>? errors = null) =>
        JsonResponse.WriteAsync(context, status,
            w => RunWispJson.WriteProblem(w, status, title, detail, errors, RunWispJson.SchemaUrl(context, "ErrorModel")),
            JsonResponse.ProblemContentType);

    private static Task ValidationProblemAsync(HttpContext context, IReadOnlyList<RunWispValidationError> errors) =>
        ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", "validation failed", errors);

    /// <summary>Routes a daemon of the other generation does not have: Go's plain 404.</summary>
    private static Task NotFoundRouteAsync(HttpContext context) =>
        JsonResponse.WriteTextAsync(context, StatusCodes.Status404NotFound, "404 page not found\n", "text/plain; charset=utf-8");

    private Task ChallengeAsync(HttpContext context)
    {
        var nonce = _auth.CreateNonce();
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("nonce", nonce);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Not in the OpenAPI file (the web UI asks it before showing the login form): public, <c>{"auth_disabled": bool,
    /// "authenticated": bool}</c>; authenticated is true when auth is off or the request carries a valid token.
    /// </summary>
    private Task AuthStatusAsync(HttpContext context)
    {
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("auth_disabled", _options.RunWispAuthDisabled);
            w.WriteBoolean("authenticated", IsAuthorized(context));
            w.WriteEndObject();
        });
    }

    /// <summary>DaemonInfo (public): version, auth_disabled, tasks (TaskBrief), capabilities, ...</summary>
    private Task InfoAsync(HttpContext context)
    {
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", RunWispJson.SchemaUrl(context, "DaemonInfo"));
            w.WriteString("version", NewApi ? "0.6.0-emulator" : "0.4.2-emulator");
            w.WriteString("fingerprint", "emulator");
            w.WriteNumber("port", context.Connection.LocalPort);
            w.WriteBoolean("cloud_enabled", false);
            w.WriteBoolean("scheduling_active", true);
            w.WriteBoolean("service_managed", false);
            w.WriteBoolean("auth_disabled", _options.RunWispAuthDisabled);
            w.WriteString("config_loaded_at", TimeFormats.RunWisp(_backend.StartedAt));
            w.WriteBoolean("config_stale", false);
            w.WriteString("resolved_timezone", "UTC");
            w.WriteString("timezone_source", "system");
            w.WriteStartArray("tasks");
            foreach (var task in _backend.TaskList)
            {
                w.WriteStartObject();
                w.WriteString("name", task.Name);
                w.WriteString("kind", "task");
                w.WriteString("group", task.Group);
                w.WriteString("cron", task.Cron);
                w.WriteBoolean("api_trigger", true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("capabilities");
            foreach (var capability in new[] { "runs_stream", "log_stream" })
            {
                w.WriteStartObject();
                w.WriteString("name", capability);
                w.WriteBoolean("available", true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private async Task LoginAsync(HttpContext context, bool pbkdf2Route)
    {
        if (pbkdf2Route != NewApi)
        {
            await NotFoundRouteAsync(context);
            return;
        }

        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Bad Request", "request body is not valid JSON");
            return;
        }

        var body = document?.RootElement ?? default;
        var nonce = body.ValueKind == JsonValueKind.Object ? body.GetString("nonce") : null;
        var response = body.ValueKind == JsonValueKind.Object ? body.GetString("response") : null;
        var errors = new List<RunWispValidationError>();
        if (string.IsNullOrEmpty(nonce))
        {
            errors.Add(new RunWispValidationError("expected required property nonce to be present", "body.nonce", null));
        }

        if (string.IsNullOrEmpty(response))
        {
            errors.Add(new RunWispValidationError("expected required property response to be present", "body.response", null));
        }

        if (errors.Count > 0)
        {
            _stats.AddLogin(succeeded: false);
            await ValidationProblemAsync(context, errors);
            return;
        }

        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (result, token, retryAfter) = await Task.Run(() => _auth.Login(clientIp, nonce!, response!, NewApi));
        _stats.AddLogin(result == RunWispLoginResult.Succeeded);
        switch (result)
        {
            case RunWispLoginResult.Succeeded:
                await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("token", token);
                    w.WriteEndObject();
                });
                break;
            case RunWispLoginResult.RateLimited:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests", "too many login attempts, try again later");
                break;
            case RunWispLoginResult.InvalidNonce:
                await ProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "invalid or expired nonce");
                break;
            default:
                await ProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "invalid credentials");
                break;
        }
    }

    private async Task ListTasksAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            if (NewApi)
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
            }
            else
            {
                w.WriteStartArray();
            }

            foreach (var task in _backend.TaskList)
            {
                RunWispJson.WriteTask(w, task);
            }

            w.WriteEndArray();
            if (NewApi)
            {
                w.WriteEndObject();
            }
        });
    }

    private async Task ListRunsAsync(HttpContext context, bool perTask)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var errors = new List<RunWispValidationError>();
        string? scope = null;
        if (perTask)
        {
            scope = RouteValue(context, "taskName");
            if (RunWispRunQuery.ValidateTaskName(scope, NewApi) is { } nameError)
            {
                errors.Add(nameError);
            }
        }

        var query = RunWispRunQuery.Parse(context.Request.Query, NewApi, errors);
        if (errors.Count > 0)
        {
            await ValidationProblemAsync(context, errors);
            return;
        }

        if (!perTask && query.TaskName.Length > 0)
        {
            scope = query.TaskName;
        }

        if (_options.InsertsPerListRequest > 0)
        {
            var target = scope is null ? null : _backend.FindTask(scope)?.Name;
            if (scope is null || target is not null)
            {
                _backend.InsertEndedRuns(target, _options.InsertsPerListRequest);
                _stats.AddRunsInserted(_options.InsertsPerListRequest);
            }
        }

        var predicate = query.Predicate();
        List<RunWispRun> page;
        int total;
        if (query.IsDefaultOrder)
        {
            (page, total) = _backend.Runs.Read(scope, list => CreationOrderPage.Take(list, query.Offset, query.Limit, predicate, query.Descending));
        }
        else
        {
            var matching = _backend.Runs.Snapshot(scope, predicate);
            total = matching.Count;
            page = query.Sort(matching).Skip((int)Math.Min(int.MaxValue, query.Offset)).Take(query.Limit).ToList();
        }

        long reportedTotal = total;
        if (PagingTrap.TryApply(context, FaultKinds.TotalChanges, _stats))
        {
            reportedTotal = total + 3;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => RunWispJson.WriteRunPage(w, page, reportedTotal, NewApi, RunWispJson.SchemaUrl(context, "RunsResponseBody")));
    }

    private async Task GetRunAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (run, handled) = await FindRunAsync(context);
        if (handled)
        {
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK,
            w => RunWispJson.WriteRun(w, run!, NewApi, RunWispJson.SchemaUrl(context, "Run")));
    }

    /// <summary>Validates taskName (when in the route) and runId and finds the run; writes 422/404 itself.</summary>
    private async Task<(RunWispRun? Run, bool Handled)> FindRunAsync(HttpContext context)
    {
        var errors = new List<RunWispValidationError>();
        var taskName = context.Request.RouteValues.ContainsKey("taskName") ? RouteValue(context, "taskName") : null;
        if (taskName is not null && RunWispRunQuery.ValidateTaskName(taskName, NewApi) is { } nameError)
        {
            errors.Add(nameError);
        }

        var runId = RouteValue(context, "runId");
        if (!Ulid.IsValid(runId))
        {
            errors.Add(new RunWispValidationError("expected string to match pattern ^[0-9A-HJKMNP-TV-Z]{26}$", "path.runId", runId));
        }

        if (errors.Count > 0)
        {
            await ValidationProblemAsync(context, errors);
            return (null, true);
        }

        var run = _backend.Runs.Find(runId);
        if (run is null || (taskName is not null && run.TaskKey != taskName))
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "Not Found", "run not found");
            return (null, true);
        }

        return (run, false);
    }

    private async Task TriggerAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var taskName = RouteValue(context, "taskName");
        if (RunWispRunQuery.ValidateTaskName(taskName, NewApi) is { } nameError)
        {
            await ValidationProblemAsync(context, [nameError]);
            return;
        }

        var wait = string.Equals(context.Request.Query["wait"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var waitTimeout = TimeSpan.FromSeconds(300);
        var waitTimeoutText = context.Request.Query["wait_timeout"].ToString();
        if (waitTimeoutText.Length > 0)
        {
            if (!int.TryParse(waitTimeoutText, out var seconds) || seconds is < 1 or > 3600)
            {
                await ValidationProblemAsync(context, [new RunWispValidationError("expected number between 1 and 3600", "query.wait_timeout", waitTimeoutText)]);
                return;
            }

            waitTimeout = TimeSpan.FromSeconds(seconds);
        }

        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Bad Request", "request body is not valid JSON");
            return;
        }

        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (document is not null && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("params", out var paramsElement) && paramsElement.ValueKind != JsonValueKind.Null)
        {
            if (paramsElement.ValueKind != JsonValueKind.Object)
            {
                await ValidationProblemAsync(context, [new RunWispValidationError("expected object", "body.params", paramsElement.GetRawText())]);
                return;
            }

            foreach (var parameter in paramsElement.EnumerateObject())
            {
                if (parameter.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    await ValidationProblemAsync(context, [new RunWispValidationError("expected string", $"body.params.{parameter.Name}", parameter.Value.GetRawText())]);
                    return;
                }

                parameters[parameter.Name] = parameter.Value.GetString();
            }
        }

        var task = _backend.FindTask(taskName);
        if (task is null)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "Not Found", "task not found");
            return;
        }

        var run = _backend.Trigger(task, parameters);
        _stats.AddRunsCreated();
        if (wait)
        {
            var deadline = DateTimeOffset.UtcNow + waitTimeout;
            while (run.Status != RunWispStatuses.Ended && DateTimeOffset.UtcNow < deadline)
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
                run = _backend.Runs.Find(run.Id)!;
            }
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status201Created,
            w => RunWispJson.WriteRun(w, run, NewApi, RunWispJson.SchemaUrl(context, "Run")));
    }

    private async Task StopAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var (run, handled) = await FindRunAsync(context);
        if (handled)
        {
            return;
        }

        var (_, conflict) = _backend.Stop(run!);
        if (conflict is not null)
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict, "Conflict", conflict);
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", RunWispJson.SchemaUrl(context, "StopRunOutputBody"));
            w.WriteString("message", "stop signal sent");
            w.WriteEndObject();
        });
    }

    /// <summary>Server-Sent Events: run.created/started/completed/failed/updated with {"run":Run}, and ping.</summary>
    private async Task StreamAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        // Subscribed before the response starts: nothing published from here on is missed.
        var subscription = _backend.Events.Subscribe();
        try
        {
            await StreamSseAsync(context, async (write, ct) =>
            {
                var ping = new ServerSentEvent(null, "ping", "{}");
                var pinger = Task.Run(async () =>
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.SsePingSeconds));
                    while (await timer.WaitForNextTickAsync(ct))
                    {
                        subscription.Writer.TryWrite(ping);
                    }
                }, ct);

                await foreach (var message in subscription.Reader.ReadAllAsync(ct))
                {
                    await write(message);
                }

                await pinger;
            });
        }
        finally
        {
            _backend.Events.Unsubscribe(subscription);
        }
    }

    /// <summary>
    /// Starts a text/event-stream response and runs <paramref name="body"/> with a writer that flushes every event. Ends
    /// quietly when the client goes away or the emulator stops; aborts the connection when a test drops streams.
    /// </summary>
    private async Task StreamSseAsync(HttpContext context, Func<Func<ServerSentEvent, Task>, CancellationToken, Task> body)
    {
        var dropped = _drops.Token;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping, dropped);
        var ct = cancel.Token;
        try
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            await context.Response.StartAsync(ct);
            await context.Response.Body.FlushAsync(ct);
            await body(async message =>
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(message.Format()), ct);
                await context.Response.Body.FlushAsync(ct);
            }, ct);
        }
        catch (OperationCanceledException) when (dropped.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            _drops.CountDropped();
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // client went away or the emulator is stopping
        }
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";
}
