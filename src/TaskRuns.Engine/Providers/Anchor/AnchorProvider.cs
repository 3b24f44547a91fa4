using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.Anchor
{
    /// <summary>Anchor Browser: GET /v1/task/{taskId}/executions (page/limit/totalPages), /executions/{id}, /v1/task.</summary>
    internal sealed class AnchorProvider : TaskRunProviderBase
    {
        private static readonly Regex VersionPattern = new("^(draft|latest|[0-9]+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public override ProviderDescriptor Descriptor { get; } = new(
            TaskRunProvider.Anchor, PagingStyle.PageNumber, new Uri("https://api.anchorbrowser.io/"), CredentialKind.ApiKey,
            credentialVariable: "ANCHORBROWSER_API_KEY", baseUriVariable: "ANCHORBROWSER_BASE_URL",
            defaultPageSize: 10, maxPageSize: 100, maxConcurrentPages: 8,
            statuses: AnchorStatus.Table,
            filters: new FilterTable(
                ProviderFilter.ByParameter("Version", "version", errorId: "InvalidVersion", problem: VersionProblem)),
            listsPerTask: true);

        protected override ProviderErrorBody ReadErrorEnvelope(JsonElement root) => AnchorErrorBody.Read(root);

        /// <summary>
        /// Anchor allows at most 8 requests in flight at once per API key. Listing without -TaskId pages every task at
        /// once, each with its parallel pages, and runspaces may list side by side: the HTTP layer's gate keeps the sum
        /// of all of them at 8.
        /// </summary>
        public override RequestConcurrencyLimit? ConcurrencyLimit { get; } = new(8);

        private static string? VersionProblem(string version) =>
            VersionPattern.IsMatch(version) ? null : $"-Version must be 'draft', 'latest' or a version number, not '{version}'.";

        /// <summary>Anchor takes the key in its own header, not as a bearer token.</summary>
        public override Task AuthenticateAsync(HttpRequestMessage request, ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            if (connection.Credential != null) request.Headers.TryAddWithoutValidation("anchor-api-key", connection.Credential.Reveal());
            return Task.CompletedTask;
        }

        protected override void ValidateListTask(string? taskId)
        {
            // Without -TaskId a listing fans out over Anchor's task list (ProviderDescriptor.ListsPerTask); a page needs one task.
            if (!string.IsNullOrEmpty(taskId)) RequireUuid(taskId!, "TaskId", "InvalidTaskId");
        }

        public override void ValidateRunReference(string? taskId, string id)
        {
            if (string.IsNullOrEmpty(taskId))
                throw new TaskRunInputException(Provider, "TaskIdRequired", "getting one Anchor execution needs its task: give -TaskId with -Id.", id);
            RequireUuid(taskId!, "TaskId", "InvalidTaskId");
            RequireUuid(id, "Id", "InvalidRunId");
        }

        public override async Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(query.TaskId))
                throw new TaskRunInputException(Provider, "TaskIdRequired", "a page of Anchor executions is one task's: give -TaskId (Get-TaskRunTask -Provider Anchor lists the tasks; Get-TaskRun without -TaskId lists every task's executions).");
            string url = new RequestPath("v1/task").Segment(query.TaskId!).Segment("executions").ToString();
            var builder = new RequestPath(url)
                .Query("page", position.Number.ToString(CultureInfo.InvariantCulture))
                .Query("limit", pageSize.ToString(CultureInfo.InvariantCulture))
                .Query("status", query.ServerStatus)
                .Query("version", query.Filter("version")?.ToLowerInvariant());
            AnchorListResponse response = await client.GetAsync(builder.ToString(), AnchorJsonContext.Default.AnchorListResponse, cancellationToken).ConfigureAwait(false);
            AnchorListData data = response.Data!;
            var items = new List<TaskRun>(data.Results?.Count ?? 0);
            if (data.Results != null)
                foreach (AnchorExecution? e in data.Results) if (e != null) items.Add(ToTaskRun(e, query.TaskId));
            return new ProviderPage(position, items)
            {
                TotalCount = data.Pagination!.Total,
                TotalPages = data.Pagination.TotalPages,
            };
        }

        public override async Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken)
        {
            string url = new RequestPath("v1/task").Segment(taskId!).Segment("executions").Segment(id).ToString();
            AnchorExecutionResponse response = await client.GetAsync(url, AnchorJsonContext.Default.AnchorExecutionResponse, cancellationToken).ConfigureAwait(false);
            return ToTaskRun(response.Data!, taskId);
        }

        public override Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken) =>
            ListAllTasksAsync(client, PagingStyle.PageNumber, TaskPageSize, async (position, token) =>
            {
                string url = new RequestPath("v1/task").Query("page", position.Number.ToString(CultureInfo.InvariantCulture))
                    .Query("limit", TaskPageSize.ToString(CultureInfo.InvariantCulture)).ToString();
                AnchorTaskListResponse response = await client.GetAsync(url, AnchorJsonContext.Default.AnchorTaskListResponse, token).ConfigureAwait(false);
                List<AnchorTask?> batch = response.Data!.Tasks ?? new List<AnchorTask?>();
                var tasks = new List<TaskRunTask>(batch.Count);
                foreach (AnchorTask? t in batch)
                    if (t?.Id is string id) tasks.Add(new TaskRunTask { Provider = Provider, TaskId = id, Name = t.Name });
                return new TaskPage(tasks, new ProviderPage(position, batch.Count) { TotalCount = response.Data.Total });
            }, cancellationToken);

        private const int TaskPageSize = 100;

        /// <summary>POST /v1/task/run in async mode; then the new execution is read back. Not retried once sent: Anchor has no idempotency key.</summary>
        public override async Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken)
        {
            RequireUuid(taskId, "TaskId", "InvalidTaskId");
            if (request.Version != null && VersionProblem(request.Version) is string problem)
                throw new TaskRunInputException(Provider, "InvalidVersion", problem, request.Version);
            foreach (var input in request.Inputs)
                if (!input.Key.StartsWith("ANCHOR_", StringComparison.Ordinal))
                    throw new TaskRunInputException(Provider, "InvalidInput", $"Anchor task inputs must be named ANCHOR_*; '{input.Key}' is not.", input.Key);

            var post = new ApiRequest(HttpMethod.Post, "v1/task/run")
            {
                Retry = false,
                Body = JsonBody.From(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("taskId", taskId);
                    if (request.Version != null) w.WriteString("version", request.Version.ToLowerInvariant());
                    w.WriteBoolean("async", true);
                    if (request.Inputs.Count > 0)
                    {
                        w.WriteStartObject("inputs");
                        foreach (var input in request.Inputs) w.WriteString(input.Key, input.Value ?? string.Empty);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }),
            };
            AnchorRunResponse started = await client.SendAsync(post, AnchorJsonContext.Default.AnchorRunResponse, cancellationToken).ConfigureAwait(false);
            return await GetRunAsync(client, taskId, started.Data!.ExecutionResultId!, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Legacy Anchor executions cannot be stopped: there is no endpoint for it.</summary>
        public override Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken) =>
            throw new TaskRunInputException(Provider, "StopNotSupported",
                $"Anchor has no way to stop a task execution (run {run.Id}); it ends by itself or at its task's timeout.", run,
                System.Management.Automation.ErrorCategory.NotImplemented);

        internal static AnchorTaskRun ToTaskRun(AnchorExecution e, string? taskId)
        {
            TaskRunStatus status = AnchorStatus.Table.Normalise(e.Status);
            bool terminal = AnchorStatus.Table.IsTerminal(e.Status);
            TimeSpan? duration = Durations.FromMilliseconds(e.ExecutionTime);
            var run = new AnchorTaskRun
            {
                Provider = TaskRunProvider.Anchor,
                Id = e.Id!,
                TaskId = taskId,
                Status = status,
                ProviderStatus = e.Status ?? string.Empty,
                IsTerminal = terminal,
                CreatedAt = e.StartTime,
                StartedAt = e.StartTime,
                EndedAt = terminal && e.StartTime is DateTimeOffset start && duration is TimeSpan d && d <= DateTimeOffset.MaxValue - start ? start + d : null,
                Elapsed = duration,
                ErrorMessage = TaskRun.EmptyToNull(e.ErrorMessage),
                Version = e.Version,
                TaskVersionId = e.TaskVersionId,
                ExecutionTime = e.ExecutionTime,
            };
            RunOutput.SetFromText(run, e.Output);
            return run;
        }

        private void RequireUuid(string value, string parameter, string errorId)
        {
            if (!Guid.TryParseExact(value, "D", out _))
                throw new TaskRunInputException(Provider, errorId, $"-{parameter} must be a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a, not '{TaskRunInputException.Shorten(value)}'.", value);
        }
    }
}
