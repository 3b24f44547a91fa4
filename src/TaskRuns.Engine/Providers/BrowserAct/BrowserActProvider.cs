using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.BrowserAct
{
    /// <summary>BrowserAct: GET /v2/workflow/list-tasks (page/limit/total_pages), get-task, get-task-status, list-workflows.</summary>
    internal sealed class BrowserActProvider : TaskRunProviderBase, IRunLogSource
    {
        public override ProviderDescriptor Descriptor { get; } = new(
            TaskRunProvider.BrowserAct, PagingStyle.PageNumber, new Uri("https://api.browseract.com/"), CredentialKind.ApiKey,
            credentialVariable: "BROWSERACT_API_KEY", baseUriVariable: "BROWSERACT_BASE_URL",
            defaultPageSize: 20, maxPageSize: 500, maxConcurrentPages: 16,
            statuses: BrowserActStatus.Table,
            filters: new FilterTable(ProviderFilter.ByParameter("WorkflowName", "workflow_name")));

        protected override ProviderErrorBody ReadErrorEnvelope(JsonElement root) => BrowserActErrorBody.Read(root);

        public override async Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken)
        {
            var url = new RequestPath("v2/workflow/list-tasks")
                .Query("page", position.Number.ToString(CultureInfo.InvariantCulture))
                .Query("limit", pageSize.ToString(CultureInfo.InvariantCulture))
                .Query("status", query.ServerStatus)
                .Query("workflow_id", query.TaskId)
                .Query("workflow_name", query.Filter("workflow_name"))
                // The API takes whole seconds: the server window is rounded outwards and Prepare's client-side check applies the exact bounds.
                .Query("created_at_from", Iso(WholeSecond(query.Query.Since, up: false)))
                .Query("created_at_to", Iso(WholeSecond(query.Query.Until, up: true)));
            BrowserActTaskPage page = await client.GetAsync(url.ToString(), BrowserActJsonContext.Default.BrowserActTaskPage, cancellationToken).ConfigureAwait(false);
            var items = new List<TaskRun>(page.Items?.Count ?? 0);
            if (page.Items != null)
                foreach (BrowserActTask? t in page.Items) if (t != null) items.Add(ToTaskRun(t));
            return new ProviderPage(position, items) { TotalCount = page.TotalCount, TotalPages = page.TotalPages };
        }

        /// <summary>The task's steps in order (goal, and how the previous goal went), then its failure info if it failed.</summary>
        public async IAsyncEnumerable<TaskRunLogEntry> ReadLogAsync(ApiClient client, TaskRun run, RunLogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string url = new RequestPath("v2/workflow/get-task").Query("task_id", run.Id).ToString();
            BrowserActTask task = await client.GetAsync(url, BrowserActJsonContext.Default.BrowserActTask, cancellationToken).ConfigureAwait(false);
            var entries = new List<TaskRunLogEntry>();
            foreach (BrowserActStep? step in task.Steps ?? new List<BrowserActStep?>())
            {
                if (step is null) continue;
                string text = step.Goal ?? string.Empty;
                if (!string.IsNullOrEmpty(step.Evaluation)) text = text.Length == 0 ? step.Evaluation! : $"{text} (previous goal: {step.Evaluation})";
                entries.Add(LogEntry(run, task, step.Status ?? string.Empty, step.Step, text));
            }
            if (task.Failure is BrowserActFailure failure && (failure.Message != null || failure.Code != null))
                entries.Add(LogEntry(run, task, "failure", null, failure.Code is long code ? $"{failure.Message} (code {code.ToString(CultureInfo.InvariantCulture)})" : failure.Message));
            long skip = request.Tail is long tail && tail < entries.Count ? entries.Count - tail : 0;
            for (int i = (int)skip; i < entries.Count; i++) yield return entries[i];
        }

        private static TaskRunLogEntry LogEntry(TaskRun run, BrowserActTask task, string stream, long? number, string? text) => new()
        {
            Provider = TaskRunProvider.BrowserAct,
            RunId = run.Id,
            TaskId = task.WorkflowId ?? run.TaskId,
            Stream = stream,
            LineNumber = number,
            Message = LogText.Visible(text),
        };

        public override async Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken)
        {
            string url = new RequestPath("v2/workflow/get-task").Query("task_id", id).ToString();
            try
            {
                return ToTaskRun(await client.GetAsync(url, BrowserActJsonContext.Default.BrowserActTask, cancellationToken).ConfigureAwait(false));
            }
            catch (TaskRunApiException e) when (e.ProviderCode == TaskNotExistCode)
            {
                throw NotFound(e);
            }
        }

        /// <summary>The cheap status call used while polling.</summary>
        public async Task<string> GetStatusAsync(ApiClient client, string id, CancellationToken cancellationToken)
        {
            string url = new RequestPath("v2/workflow/get-task-status").Query("task_id", id).ToString();
            try
            {
                return (await client.GetAsync(url, BrowserActJsonContext.Default.BrowserActTaskStatus, cancellationToken).ConfigureAwait(false)).Status!;
            }
            catch (TaskRunApiException e) when (e.ProviderCode == TaskNotExistCode)
            {
                throw NotFound(e);
            }
        }

        /// <summary>BrowserAct's "Task is not exist." comes as HTTP 400 with this code: it is a not-found, not a bad request.</summary>
        internal const string TaskNotExistCode = "10112";

        /// <summary>"Workflow is not exist." (HTTP 400) on starting a run of an unknown workflow: a NotFound, as the other providers say it.</summary>
        internal const string WorkflowNotExistCode = "10111";

        /// <summary>Polls get-task-status; fetches the full record (get-task) only when the status changed or the task ended.</summary>
        public override async Task<TaskRun> RefreshAsync(ApiClient client, TaskRun current, CancellationToken cancellationToken)
        {
            string status = await GetStatusAsync(client, current.Id, cancellationToken).ConfigureAwait(false);
            if (string.Equals(status, current.ProviderStatus, StringComparison.OrdinalIgnoreCase) && !BrowserActStatus.Table.IsTerminal(status) && current is BrowserActTaskRun)
                return current;
            return await GetRunAsync(client, current.TaskId, current.Id, cancellationToken).ConfigureAwait(false);
        }

        public override Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken) =>
            ListAllTasksAsync(client, PagingStyle.PageNumber, TaskPageSize, async (position, token) =>
            {
                string url = new RequestPath("v2/workflow/list-workflows").Query("page", position.Number.ToString(CultureInfo.InvariantCulture))
                    .Query("limit", TaskPageSize.ToString(CultureInfo.InvariantCulture)).ToString();
                BrowserActWorkflowPage result = await client.GetAsync(url, BrowserActJsonContext.Default.BrowserActWorkflowPage, token).ConfigureAwait(false);
                List<BrowserActWorkflow?> items = result.Items ?? new List<BrowserActWorkflow?>();
                var workflows = new List<TaskRunTask>(items.Count);
                foreach (BrowserActWorkflow? w in items)
                    if (w?.Id is string id) workflows.Add(new TaskRunTask { Provider = Provider, TaskId = id, Name = w.Name });
                // No total_pages: one page.
                return new TaskPage(workflows, new ProviderPage(position, items.Count) { TotalPages = result.TotalPages ?? 1 });
            }, cancellationToken);

        private const int TaskPageSize = 100;

        /// <summary>POST /v2/workflow/run-task with input_parameters as name/value pairs; then the new task is read back.</summary>
        public override async Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken)
        {
            var post = new ApiRequest(HttpMethod.Post, "v2/workflow/run-task")
            {
                Retry = false,
                Body = JsonBody.From(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("workflow_id", taskId);
                    w.WriteStartArray("input_parameters");
                    foreach (var input in request.Inputs)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", input.Key);
                        w.WriteString("value", input.Value ?? string.Empty);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }),
            };
            BrowserActStarted started;
            try
            {
                started = await client.SendAsync(post, BrowserActJsonContext.Default.BrowserActStarted, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRunApiException e) when (e.ProviderCode == WorkflowNotExistCode)
            {
                throw NotFound(e);
            }
            return await GetRunAsync(client, taskId, started.Id!, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>PUT /v2/workflow/stop-task. Error 10121 means the task already ended: not an error for the user.</summary>
        public override async Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken)
        {
            string path = new RequestPath("v2/workflow/stop-task").Query("task_id", run.Id).ToString();
            try
            {
                await client.SendAsync(new ApiRequest(HttpMethod.Put, path) { AllowEmptyBody = true }, CommonJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRunApiException e) when (e.ProviderCode == AlreadyEndedCode)
            {
                client.Log.Verbose($"BrowserAct: task {run.Id} had already ended; nothing to stop.");
            }
            catch (TaskRunApiException e) when (e.ProviderCode == TaskNotExistCode)
            {
                throw NotFound(e);
            }
            return await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false);
        }

        internal const string AlreadyEndedCode = "10121";

        /// <summary>
        /// BrowserAct says "no such task" with HTTP 400 and code 10112; to the user that is a NotFound (ObjectNotFound),
        /// like a 404 elsewhere. The message (provider, HTTP status, trace id, BrowserAct's text) is kept.
        /// </summary>
        private static TaskRunApiException NotFound(TaskRunApiException e) =>
            ApiErrorFactory.Reclassify(e, "NotFound", System.Management.Automation.ErrorCategory.ObjectNotFound);

        internal static BrowserActTaskRun ToTaskRun(BrowserActTask t)
        {
            bool terminal = BrowserActStatus.Table.IsTerminal(t.Status);
            var run = new BrowserActTaskRun
            {
                Provider = TaskRunProvider.BrowserAct,
                Id = t.Id!,
                TaskId = t.WorkflowId,
                Status = BrowserActStatus.Table.Normalise(t.Status),
                ProviderStatus = t.Status!,
                IsTerminal = terminal,
                CreatedAt = t.CreatedAt,
                EndedAt = t.FinishedAt,
                Elapsed = t.CreatedAt is DateTimeOffset c && t.FinishedAt is DateTimeOffset f && f >= c ? f - c : null,
                ErrorMessage = t.Failure?.Message,
                FailureCode = t.Failure?.Code,
                Credit = t.Credit,
                ProfileId = t.ProfileId,
                LiveUrl = t.LiveUrlInfo?.LiveUrl ?? t.LiveUrl,
                OutputFiles = t.Output?.Files?.Where(f => f != null).Select(f => f!).ToArray() ?? Array.Empty<string>(),
                InputParameters = t.InputParameters,
            };
            RunOutput.SetFromText(run, t.Output?.Text);
            return run;
        }

        /// <summary>Rounds to the whole second outwards (down for a lower bound, up for an upper one).</summary>
        private static DateTimeOffset? WholeSecond(DateTimeOffset? value, bool up)
        {
            if (value is not DateTimeOffset v) return null;
            long remainder = v.UtcTicks % TimeSpan.TicksPerSecond;
            if (remainder == 0) return v;
            return DateBounds.Shift(v, up ? TimeSpan.TicksPerSecond - remainder : -remainder);
        }

        private static string? Iso(DateTimeOffset? value) => DateBounds.Limiting(value)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
