using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>RunWisp daemon: GET /api/tasks/{taskName}/runs and /api/runs (offset/limit/total), one run, /api/tasks.</summary>
    internal sealed class RunWispProvider : TaskRunProviderBase, IRunEventSource, IRunChangeFeed, IRunLogSource, IRawRunLogSource
    {
        private static readonly Regex TaskNamePattern = new("^[a-zA-Z0-9._:-]{1,100}$", RegexOptions.CultureInvariant);
        private static readonly string[] SortFields = { "task_name", "status", "start_at", "exit_code", "duration", "created_at" };
        private static readonly string[] SortDirections = { "asc", "desc" };

        public override ProviderDescriptor Descriptor { get; } = new(
            TaskRunProvider.RunWisp, PagingStyle.Offset, new Uri("http://localhost:9477/"), CredentialKind.Password,
            credentialVariable: "RUNWISP_PASSWORD", baseUriVariable: "RUNWISP_URL",
            defaultPageSize: 50, maxPageSize: 1000, maxConcurrentPages: 16,
            statuses: RunWispStatus.Table,
            filters: new FilterTable(
                // The spec: "Search query against task_name / id" (streamed runs are checked the same way, ignoring case).
                ProviderFilter.ByParameter("Search", "search", runCheck: SearchMatches),
                ProviderFilter.ByParameter("SortBy", "sort_field", errorId: "InvalidSort", problem: ProviderFilter.OneOf("-SortBy", SortFields), runCheck: ProviderFilter.OrdersOnly),
                ProviderFilter.ByParameter("SortDirection", "sort_direction", errorId: "InvalidSort", problem: ProviderFilter.OneOf("-SortDirection", SortDirections), runCheck: ProviderFilter.OrdersOnly),
                ProviderFilter.ByKey("task_name", errorId: "InvalidTaskName", problem: TaskNameProblem, runCheck: ProviderFilter.FieldIn(r => r.TaskId))))
        {
            // A daemon may run with auth off (RUNWISP_AUTH=off; RUNWISP_NO_AUTH in 0.4.x): no password, no sign-in.
            CredentialOptional = true,
        };

        protected override ProviderErrorBody ReadErrorEnvelope(JsonElement root) => RunWispErrorBody.Read(root);

        private static bool SearchMatches(TaskRun run, IReadOnlyList<string> values) =>
            values.Count == 0 || Contains(run.TaskId, values[0]) || Contains(run.Id, values[0]);

        private static bool Contains(string? text, string part) => text != null && text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The daemon's challenge/response login; the token is cached per connection.</summary>
        public override async Task AuthenticateAsync(HttpRequestMessage request, ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            if (connection.Credential is null) return; // auth off, or a 401 will say that a password is needed
            string token = await RunWispAuthenticator.TokenAsync(connection, client, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        /// <summary>A 401 may mean the cached token expired: forget it, so the request is sent once more after a new login.</summary>
        public override bool ForgetAuthentication(ProviderConnection connection) => connection.Credential != null && RunWispAuthenticator.Forget(connection);

        // An unknown path answers 200 text/html (the web UI): only JSON counts (the default).

        protected override void ValidateListTask(string? taskId)
        {
            if (taskId != null) RequireTaskName(taskId);
        }

        // ProviderStatus of an ended run is its end reason, so a lifecycle value (pending/running/ended) is also matched
        // against the run's status: "-Status running,ended" must keep the ended runs.
        protected override Func<TaskRun, bool> ClientStatusCheck(StatusFilter status) =>
            run => status.Matches(run) || (run is RunWispTaskRun r && status.MatchesRaw(r.RunStatus));

        public override void ValidateRunReference(string? taskId, string id)
        {
            if (taskId != null) RequireTaskName(taskId);
            if (id.Length > 200)
                throw new TaskRunInputException(Provider, "InvalidRunId", "-Id is not a RunWisp run id (a ULID of 26 characters).", TaskRunInputException.Shorten(id));
        }

        public override async Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken)
        {
            RequestPath url = query.TaskId != null
                ? new RequestPath("api/tasks").Segment(query.TaskId).Segment("runs")
                : new RequestPath("api/runs").Query("task_name", query.Filter("task_name"));
            url.Query("limit", pageSize.ToString(CultureInfo.InvariantCulture))
               .Query("offset", position.Number.ToString(CultureInfo.InvariantCulture))
               .Query("status", query.ServerStatus)
               .Query("sort_field", query.Filter("sort_field"))
               .Query("sort_direction", query.Filter("sort_direction"))
               .Query("search", query.Filter("search"));
            RunWispRunList list = await client.GetAsync(url.ToString(), RunWispJsonContext.Default.RunWispRunList, cancellationToken).ConfigureAwait(false);
            var items = new List<TaskRun>(list.Rows.Count);
            foreach (RunWispRun? run in list.Rows) if (run != null) items.Add(ToTaskRun(run));
            return new ProviderPage(position, items) { TotalCount = list.Total };
        }

        public override async Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken)
        {
            if (taskId != null)
            {
                try
                {
                    string url = new RequestPath("api/tasks").Segment(taskId).Segment("runs").Segment(id).ToString();
                    return ToTaskRun(await client.GetAsync(url, RunWispJsonContext.Default.RunWispRun, cancellationToken).ConfigureAwait(false));
                }
                catch (TaskRunApiException e) when (e.ErrorId == "UnexpectedContentType")
                {
                    // Newer daemons moved single runs to /api/runs/{id}.
                }
            }
            try
            {
                string url = new RequestPath("api/runs").Segment(id).ToString();
                return ToTaskRun(await client.GetAsync(url, RunWispJsonContext.Default.RunWispRun, cancellationToken).ConfigureAwait(false));
            }
            catch (TaskRunApiException e) when (e.ErrorId == "UnexpectedContentType" && taskId is null)
            {
                // A 0.4.x daemon serves single runs only per task; its cross-task list searches run ids, so the run is
                // still found by id alone (Stop-TaskRun / Wait-TaskRun -Id without -TaskId, after a stop by /api/runs/{id}/stop).
                return await FindByIdAsync(client, id, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<TaskRun> FindByIdAsync(ApiClient client, string id, CancellationToken cancellationToken)
        {
            string url = new RequestPath("api/runs").Query("search", id).Query("limit", "100").ToString();
            RunWispRunList list = await client.GetAsync(url, RunWispJsonContext.Default.RunWispRunList, cancellationToken).ConfigureAwait(false);
            foreach (RunWispRun? run in list.Rows)
                if (run != null && string.Equals(run.Id, id, StringComparison.Ordinal)) return ToTaskRun(run);
            throw new TaskRunApiException(Provider, "NotFound", System.Management.Automation.ErrorCategory.ObjectNotFound,
                $"RunWisp: run {id} was not found (searched /api/runs; give -TaskId if the daemon cannot search run ids).", 404);
        }

        public Task ListenAsync(ApiClient client, Action connected, Action<TaskRun> update, CancellationToken cancellationToken) =>
            RunWispEventStream.ListenAsync(client, connected, update, cancellationToken);

        public string FeedName => "the RunWisp daemon's run stream";

        /// <summary>RunWisp is followed through the daemon's run stream (polling when the daemon has none).</summary>
        public Following.IRunChanges OpenChanges(ApiClient client, PreparedQuery query, Following.FollowOptions options) =>
            new RunWispStreamChanges(this, client, query, options);

        public IAsyncEnumerable<TaskRunLogEntry> ReadLogAsync(ApiClient client, TaskRun run, RunLogRequest request, CancellationToken cancellationToken) =>
            RunWispLog.ReadAsync(client, run, request, cancellationToken);

        public IAsyncEnumerable<string> ReadRawLogAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken) =>
            RunWispLog.ReadRawAsync(client, run, cancellationToken);

        public override async Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken)
        {
            JsonElement body = await client.GetAsync("api/tasks", CommonJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            JsonElement rows = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("items", out JsonElement items) ? items : body;
            var tasks = new List<TaskRunTask>();
            if (rows.ValueKind != JsonValueKind.Array) return tasks;
            foreach (JsonElement row in rows.EnumerateArray())
            {
                if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
                    tasks.Add(new TaskRunTask { Provider = Provider, TaskId = name.GetString()!, Name = name.GetString() });
            }
            return tasks;
        }

        /// <summary>POST /api/tasks/{name}/run with the task's params; the daemon answers with the new (pending) run.</summary>
        public override async Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken)
        {
            RequireTaskName(taskId);
            var post = new ApiRequest(HttpMethod.Post, new RequestPath("api/tasks").Segment(taskId).Segment("run").ToString())
            {
                Retry = false,
                Body = JsonBody.From(w =>
                {
                    w.WriteStartObject();
                    if (request.Inputs.Count > 0) request.WriteInputsObject(w, "params");
                    w.WriteEndObject();
                }),
            };
            RunWispRun run = await client.SendAsync(post, RunWispJsonContext.Default.RunWispRun, cancellationToken).ConfigureAwait(false);
            return ToTaskRun(run);
        }

        /// <summary>POST .../runs/{id}/stop. A pending run cannot be stopped (409): that is said plainly.</summary>
        public override async Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken)
        {
            string path = run.TaskId != null
                ? new RequestPath("api/tasks").Segment(run.TaskId).Segment("runs").Segment(run.Id).Segment("stop").ToString()
                : new RequestPath("api/runs").Segment(run.Id).Segment("stop").ToString();
            try
            {
                await client.SendAsync(new ApiRequest(HttpMethod.Post, path) { Retry = false, AllowEmptyBody = true }, CommonJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRunApiException e) when (e.StatusCode == 409)
            {
                // The hint depends on why: a pending run can be stopped later, an ended one never; ask the daemon which it is.
                TaskRun? current = null;
                try { current = await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false); }
                catch (TaskRunApiException) { /* the 409 is still the answer */ }
                string hint = current is null ? ""
                    : current.IsTerminal ? $"; it has already ended ({current.ProviderStatus})"
                    : current.Status == TaskRunStatus.Queued ? "; a pending run can be stopped only once it has started"
                    : "";
                throw new TaskRunApiException(Provider, "RunNotStoppable", System.Management.Automation.ErrorCategory.InvalidOperation,
                    $"RunWisp: run {run.Id} cannot be stopped now ({e.ProviderMessage ?? "HTTP 409"}){hint}.",
                    409, e.RequestId, e.ProviderMessage);
            }
            return await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false);
        }

        internal static RunWispTaskRun ToTaskRun(RunWispRun r)
        {
            TaskRunStatus status = RunWispStatus.Normalise(r.Status, r.EndReason);
            bool ended = string.Equals(r.Status, "ended", StringComparison.OrdinalIgnoreCase);
            DateTimeOffset? end = ended ? r.EndAt : null;
            TimeSpan? duration = r.StartAt is DateTimeOffset start && end is DateTimeOffset stop && stop >= start ? stop - start : null;
            return new RunWispTaskRun
            {
                Provider = TaskRunProvider.RunWisp,
                Id = r.Id!,
                TaskId = r.TaskName,
                Status = status,
                ProviderStatus = ended && !string.IsNullOrEmpty(r.EndReason) ? r.EndReason! : r.Status!,
                IsTerminal = ended,
                CreatedAt = r.CreatedAt,
                StartedAt = r.StartAt,
                EndedAt = end,
                Elapsed = duration,
                ErrorMessage = ended && status != TaskRunStatus.Success && status != TaskRunStatus.Skipped
                    ? $"{r.EndReason ?? "ended"} (exit code {r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"})"
                    : null,
                RunStatus = r.Status,
                EndReason = r.EndReason,
                ExitCode = r.ExitCode,
                ReplicaIndex = r.ReplicaIndex ?? r.InstanceIndex,
                RetryAttempt = r.RetryAttempt,
                RetryOfRunId = r.RetryOfRunId,
                TriggeredBy = r.TriggeredBy,
                ExternalExecutionId = r.ExternalExecutionId,
            };
        }

        private void RequireTaskName(string name)
        {
            if (TaskNameProblem(name) is string problem) throw new TaskRunInputException(Provider, "InvalidTaskName", problem, name);
        }

        private static string? TaskNameProblem(string name) =>
            TaskNamePattern.IsMatch(name)
                ? null
                : $"'{TaskRunInputException.Shorten(name)}' is not a RunWisp task name (1–100 characters: letters, digits, '.', '_', '-', ':').";
    }
}
