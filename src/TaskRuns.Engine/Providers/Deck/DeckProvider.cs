using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.Deck
{
    /// <summary>Deck: GET /task-runs (cursor/next_cursor/has_more) with every seed 003 filter, /task-runs/{id}, /tasks.</summary>
    internal sealed class DeckProvider : ITaskRunProvider
    {
        internal static readonly string[] ArrayFilters = { FilterNames.Outcome, FilterNames.SourceId };
        internal static readonly string[] SingleFilters = { FilterNames.AgentId, FilterNames.CredentialId, "workflow_id" };
        private static readonly string[] Outcomes = { "success", "failure", "unknown" };

        public TaskRunProvider Provider => TaskRunProvider.Deck;

        public ProviderDescriptor Descriptor { get; } = new(
            TaskRunProvider.Deck, PagingStyle.Cursor, new Uri("https://api.deck.co/v2/"),
            credentialVariable: "DECK_API_KEY", baseUriVariable: "DECK_BASE_URL",
            defaultPageSize: 20, maxPageSize: 100, maxConcurrentPages: 1,
            statusValues: DeckStatus.Values,
            filters: new[] { "TaskId", "Status", "Outcome", "SourceId", "AgentId", "CredentialId", "Since", "Until", "Search", "Filter(workflow_id)" });

        public Task AuthenticateAsync(HttpRequestMessage request, ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            if (connection.Credential != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Credential.Reveal());
            return Task.CompletedTask;
        }

        public bool ForgetAuthentication(ProviderConnection connection) => false;

        public ProviderErrorBody ReadErrorBody(string body) => ErrorBodyReader.Read(body);

        // Deck documents text/plain and text/json for its JSON 200 bodies too.
        public bool IsJsonMediaType(string? mediaType) =>
            mediaType != null && (mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

        public Func<TaskRun, bool>? Prepare(TaskRunQuery query)
        {
            if (query.Version != null)
                throw new TaskRunInputException(Provider, "UnsupportedFilter", "-Version is an Anchor filter; Deck has no task versions.", query.Version);
            foreach (string key in query.Extra.Keys)
            {
                if (Array.IndexOf(ArrayFilters, key) < 0 && Array.IndexOf(SingleFilters, key) < 0)
                    throw FilterNames.Unsupported(Provider, key, ArrayFilters.Concat(SingleFilters));
            }
            if (query.Extra.TryGetValue(FilterNames.Outcome, out var outcomes))
                foreach (string o in outcomes)
                    if (Array.IndexOf(Outcomes, o.ToLowerInvariant()) < 0)
                        throw new TaskRunInputException(Provider, "InvalidOutcome", $"-Outcome must be success, failure or unknown, not '{o}'.", o);
            if (query.Since > query.Until)
                throw new TaskRunInputException(Provider, "InvalidDateRange", "-Since is later than -Until.", query.Since);

            ServerStatusPlan plan = Plan(query);
            return ClientFilters.Combine(plan.ClientCheck, ClientFilters.DateRange(query.Since, query.Until));
        }

        public void ValidateRunReference(string? taskId, string id) { }

        public async Task<ProviderPage> ListPageAsync(ApiClient client, TaskRunQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken)
        {
            ServerStatusPlan plan = Plan(query);
            var url = new UrlBuilder("task-runs")
                .Query("limit", pageSize.ToString(CultureInfo.InvariantCulture))
                .Query("cursor", position.Cursor)
                .Query("status", plan.Statuses)
                .Query("outcome", plan.Outcomes)
                .Query("source_id", Values(query, "source_id"))
                .Query("agent_id", query.ExtraValue("agent_id"))
                .Query("credential_id", query.ExtraValue("credential_id"))
                .Query("task_id", query.TaskId)
                .Query("workflow_id", query.ExtraValue("workflow_id"))
                // Deck's bounds are exclusive ("after"/"before") and -Since/-Until inclusive: the window sent is a
                // millisecond wider on each side, and Prepare's client-side check applies the exact bounds.
                .Query("created_after", Iso(DateBounds.Shift(query.Since, -TimeSpan.TicksPerMillisecond)))
                .Query("created_before", Iso(DateBounds.Shift(query.Until, TimeSpan.TicksPerMillisecond)))
                .Query("search", query.Search);
            DeckRunList list = await client.GetAsync(url.ToString(), DeckJsonContext.Default.DeckRunList, cancellationToken).ConfigureAwait(false);
            var items = new List<TaskRun>(list.Data!.Count);
            foreach (DeckRun? run in list.Data) if (run != null) items.Add(ToTaskRun(run));
            return new ProviderPage(position, items) { HasMore = list.HasMore, NextCursor = list.NextCursor };
        }

        public async Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken)
        {
            string url = new UrlBuilder("task-runs").Segment(id).ToString();
            return ToTaskRun(await client.GetAsync(url, DeckJsonContext.Default.DeckRun, cancellationToken).ConfigureAwait(false));
        }

        public Task<TaskRun> RefreshAsync(ApiClient client, TaskRun current, CancellationToken cancellationToken) =>
            GetRunAsync(client, current.TaskId, current.Id, cancellationToken);

        public async Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken)
        {
            var tasks = new List<TaskRunTask>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? cursor = null;
            for (int page = 0; page < 100; page++)
            {
                string url = new UrlBuilder("tasks").Query("limit", "100").Query("cursor", cursor).ToString();
                DeckTaskList list = await client.GetAsync(url, DeckJsonContext.Default.DeckTaskList, cancellationToken).ConfigureAwait(false);
                foreach (DeckTask? t in list.Data!)
                    if (t?.Id is string id) tasks.Add(new TaskRunTask { Provider = Provider, TaskId = id, Name = t.Name });
                if (list.HasMore != true || string.IsNullOrEmpty(list.NextCursor) || !seen.Add(list.NextCursor!)) break;
                cursor = list.NextCursor;
            }
            return tasks;
        }

        /// <summary>POST /tasks/{id}/run with an Idempotency-Key, so a retried POST never starts two runs.</summary>
        public async Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken)
        {
            var post = new ApiRequest(HttpMethod.Post, new UrlBuilder("tasks").Segment(taskId).Segment("run").ToString())
            {
                Retry = true, // safe: Deck answers a repeated Idempotency-Key with the run it already started
                Body = JsonBody.From(w =>
                {
                    w.WriteStartObject();
                    request.WriteInputsObject(w, "input");
                    w.WriteEndObject();
                }),
            };
            post.Headers["Idempotency-Key"] = request.IdempotencyKey;
            DeckRun run = await client.SendAsync(post, DeckJsonContext.Default.DeckRun, cancellationToken).ConfigureAwait(false);
            return ToTaskRun(run);
        }

        /// <summary>POST /task-runs/{id}/cancel; the run goes canceling, then canceled.</summary>
        public async Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken)
        {
            string path = new UrlBuilder("task-runs").Segment(run.Id).Segment("cancel").ToString();
            await client.SendAsync(new ApiRequest(HttpMethod.Post, path) { AllowEmptyBody = true }, CommonJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            return await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false);
        }

        internal static DeckTaskRun ToTaskRun(DeckRun r)
        {
            TaskRunStatus status = DeckStatus.Normalise(r.Status, r.Result, r.Errors);
            bool terminal = DeckStatus.IsTerminal(r.Status);
            DeckRunError[] errors = (r.Errors ?? new List<DeckError?>())
                .Where(e => e != null)
                .Select(e => new DeckRunError { Type = e!.Type, Code = e.Code, Message = e.Message, Field = e.Field })
                .ToArray();
            long? runtime = r.RuntimeMs is double ms && ms >= 0 && ms < long.MaxValue ? (long)ms : null;
            var converted = new DeckTaskRun
            {
                Provider = TaskRunProvider.Deck,
                Id = r.Id!,
                TaskId = r.TaskId,
                Status = status,
                ProviderStatus = r.Status!,
                IsTerminal = terminal,
                CreatedAt = r.CreatedAt,
                EndedAt = terminal ? r.CanceledAt ?? r.UpdatedAt : null,
                Duration = Durations.FromMilliseconds(runtime), // an absurd runtime_ms keeps its number, not a Duration
                ErrorMessage = errors.Length == 0 ? null : string.Join("; ", errors.Select(e => e.Message).Where(m => !string.IsNullOrEmpty(m))),
                Result = r.Result,
                AgentId = r.AgentId,
                CredentialId = r.CredentialId,
                SessionId = r.SessionId,
                SourceId = r.SourceId,
                WorkflowId = r.WorkflowId,
                RuntimeMs = runtime,
                Errors = errors,
                UpdatedAt = r.UpdatedAt,
            };
            converted.SetOutputJson(r.Output);
            converted.SetInteractionJson(r.Interaction);
            return converted;
        }

        /// <summary>
        /// Which status/outcome values go to the server, and what must be checked client-side. A lone "Success" is
        /// status=completed&amp;outcome=success; other normalised names without an exact server value are checked client-side.
        /// </summary>
        private ServerStatusPlan Plan(TaskRunQuery query)
        {
            StatusFilter status = StatusFilter.Resolve(Provider, query.Status, DeckStatus.Values);
            IReadOnlyList<string>? outcomes = Values(query, FilterNames.Outcome)?.Select(o => o.ToLowerInvariant()).ToList();
            if (status.IsEmpty) return new ServerStatusPlan(null, outcomes, null);
            IReadOnlyList<string>? server = status.ServerValues(DeckStatus.Values, DeckStatus.ServerValues);
            if (server != null) return new ServerStatusPlan(server.Select(Canonical).Distinct().ToList(), outcomes, null);
            if (outcomes is null && status.RawValues.Count == 0 && status.NormalisedValues.Count == 1 && status.NormalisedValues.First() == TaskRunStatus.Success)
                return new ServerStatusPlan(new[] { "completed" }, new[] { "success" }, null);
            return new ServerStatusPlan(null, outcomes, status.Matches);
        }

        // The server takes the current spellings; older ones are matched client-side through the normalised status.
        private static string Canonical(string value) => value.ToLowerInvariant() switch
        {
            "cancelling" => "canceling",
            "pending" => "review_required",
            var v => v,
        };

        private static IReadOnlyList<string>? Values(TaskRunQuery query, string key) => query.Extra.TryGetValue(key, out var v) ? v : null;

        private static string? Iso(DateTimeOffset? value) => DateBounds.Limiting(value)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private sealed class ServerStatusPlan
        {
            public ServerStatusPlan(IReadOnlyList<string>? statuses, IReadOnlyList<string>? outcomes, Func<TaskRun, bool>? clientCheck)
            {
                Statuses = statuses;
                Outcomes = outcomes;
                ClientCheck = clientCheck;
            }

            public IReadOnlyList<string>? Statuses { get; }
            public IReadOnlyList<string>? Outcomes { get; }
            public Func<TaskRun, bool>? ClientCheck { get; }
        }
    }
}
