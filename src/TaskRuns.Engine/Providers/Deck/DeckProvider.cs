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

namespace TaskRuns.Providers.Deck
{
    /// <summary>Deck: GET /task-runs (cursor/next_cursor/has_more) with every seed 003 filter, /task-runs/{id}, /tasks.</summary>
    internal sealed class DeckProvider : TaskRunProviderBase, IRunChangeFeed, ITimeSlicedListing, IRunLogSource
    {
        private static readonly string[] Outcomes = { "success", "failure", "unknown" };

        public override ProviderDescriptor Descriptor { get; } = new(
            TaskRunProvider.Deck, PagingStyle.Cursor, new Uri("https://api.deck.co/v2/"), CredentialKind.ApiKey,
            credentialVariable: "DECK_API_KEY", baseUriVariable: "DECK_BASE_URL",
            defaultPageSize: 20, maxPageSize: 100, maxConcurrentPages: 16,
            statuses: DeckStatus.Table,
            filters: new FilterTable(
                ProviderFilter.ByParameter("Outcome", "outcome", many: true, errorId: "InvalidOutcome",
                    problem: o => Array.IndexOf(Outcomes, o.ToLowerInvariant()) >= 0 ? null : $"-Outcome must be success, failure or unknown, not '{o}'.",
                    runCheck: ProviderFilter.FieldIn(r => (r as DeckTaskRun)?.Result, ignoreCase: true)),
                ProviderFilter.ByParameter("SourceId", "source_id", many: true, runCheck: ProviderFilter.FieldIn(r => (r as DeckTaskRun)?.SourceId)),
                ProviderFilter.ByParameter("AgentId", "agent_id", runCheck: ProviderFilter.FieldIn(r => (r as DeckTaskRun)?.AgentId)),
                ProviderFilter.ByParameter("CredentialId", "credential_id", runCheck: ProviderFilter.FieldIn(r => (r as DeckTaskRun)?.CredentialId)),
                // Deck does not document what its search matches, so events cannot be checked against it: no run check.
                ProviderFilter.ByParameter("Search", "search"),
                ProviderFilter.ByKey("workflow_id", runCheck: ProviderFilter.FieldIn(r => (r as DeckTaskRun)?.WorkflowId))));

        public string FeedName => "Deck's events";

        protected override ProviderErrorBody ReadErrorEnvelope(JsonElement root) => DeckErrorBody.Read(root);

        /// <summary>Deck is followed through its events, not by re-listing runs.</summary>
        public Following.IRunChanges OpenChanges(ApiClient client, PreparedQuery query, Following.FollowOptions options) =>
            new DeckEventChanges(this, client, options);

        /// <summary>
        /// Deck allows 200 requests per 10 s per organization (429 rate_limit_exceeded, no Retry-After); TaskRuns keeps
        /// 10 % of it unused for clock skew and varying network delay.
        /// </summary>
        public override RequestRateLimit? RateLimit { get; } = new(200, TimeSpan.FromSeconds(10), headroom: 0.1);

        // Deck documents text/plain and text/json for its JSON 200 bodies too.
        public override bool IsJsonMediaType(string? mediaType) =>
            mediaType != null && (mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

        public override Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken) =>
            ListPageInRangeAsync(client, query, null, null, position, pageSize, cancellationToken);

        /// <summary>
        /// A page of the query's runs created at or after <paramref name="from"/> and before <paramref name="before"/>,
        /// intersected with -Since/-Until. Deck's bounds are exclusive ("after"/"before"); -Since/-Until and
        /// <paramref name="from"/> are inclusive: the window sent is a millisecond wider below (and above for -Until), and
        /// the exact bounds are checked client-side (Prepare's check; the time-sliced pager for its slices).
        /// </summary>
        public async Task<ProviderPage> ListPageInRangeAsync(
            ApiClient client, PreparedQuery query, DateTimeOffset? from, DateTimeOffset? before, PagePosition position, int pageSize, CancellationToken cancellationToken)
        {
            DateTimeOffset? after = Later(DateBounds.Shift(query.Query.Since, -TimeSpan.TicksPerMillisecond), DateBounds.Shift(from, -TimeSpan.TicksPerMillisecond));
            DateTimeOffset? until = Earlier(DateBounds.Shift(query.Query.Until, TimeSpan.TicksPerMillisecond), before);
            var url = new RequestPath("task-runs")
                .Query("limit", pageSize.ToString(CultureInfo.InvariantCulture))
                .Query("cursor", position.Cursor)
                .Query("status", query.ServerStatuses)
                .Query("outcome", query.FilterValues("outcome"))
                .Query("source_id", query.FilterValues("source_id"))
                .Query("agent_id", query.Filter("agent_id"))
                .Query("credential_id", query.Filter("credential_id"))
                .Query("task_id", query.TaskId)
                .Query("workflow_id", query.Filter("workflow_id"))
                .Query("created_after", Iso(after))
                .Query("created_before", Iso(until))
                .Query("search", query.Filter("search"));
            DeckRunList list = await client.GetAsync(url.ToString(), DeckJsonContext.Default.DeckRunList, cancellationToken).ConfigureAwait(false);
            var items = new List<TaskRun>(list.Data!.Count);
            foreach (DeckRun? run in list.Data) if (run != null) items.Add(ToTaskRun(run));
            return new ProviderPage(position, items) { HasMore = list.HasMore, NextCursor = list.NextCursor };
        }

        /// <summary>
        /// Deck keeps no log per run: its entries are the run's errors (type, code, message, field), read from the run
        /// itself. (Its events cover only runs created through the API, and say no more than the run's status history.)
        /// </summary>
        public async IAsyncEnumerable<TaskRunLogEntry> ReadLogAsync(ApiClient client, TaskRun run, RunLogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var fresh = (DeckTaskRun)await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false);
            DeckRunError[] errors = fresh.Errors;
            long skip = request.Tail is long tail && tail < errors.Length ? errors.Length - tail : 0;
            for (long i = skip; i < errors.Length; i++)
            {
                DeckRunError e = errors[i];
                string prefix = string.Join(" ", new[] { e.Type, e.Code }.Where(t => !string.IsNullOrEmpty(t)));
                string text = (prefix.Length > 0 ? prefix + ": " : "") + e.Message + (string.IsNullOrEmpty(e.Field) ? "" : $" (field {e.Field})");
                yield return new TaskRunLogEntry
                {
                    Provider = TaskRunProvider.Deck,
                    RunId = fresh.Id,
                    TaskId = fresh.TaskId,
                    Time = fresh.UpdatedAt,
                    Stream = "error",
                    LineNumber = i + 1,
                    Message = LogText.Visible(text),
                };
            }
        }

        public override async Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken)
        {
            string url = new RequestPath("task-runs").Segment(id).ToString();
            return ToTaskRun(await client.GetAsync(url, DeckJsonContext.Default.DeckRun, cancellationToken).ConfigureAwait(false));
        }

        /// <summary>Deck says what a waiting run needs: its interaction's type and message.</summary>
        public override string DescribeWait(TaskRun run) =>
            run is DeckTaskRun { Interaction: not null } deck ? $"{deck.ProviderStatus}: {InteractionText(deck.Interaction)}" : run.ProviderStatus;

        private static string InteractionText(object interaction)
        {
            if (interaction is System.Management.Automation.PSObject ps)
            {
                string? type = ps.Properties["type"]?.Value?.ToString();
                string? message = ps.Properties["message"]?.Value?.ToString();
                return string.Join(" - ", new[] { type, message }.Where(s => !string.IsNullOrEmpty(s)));
            }
            return interaction.ToString() ?? string.Empty;
        }

        public override Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken) =>
            ListAllTasksAsync(client, PagingStyle.Cursor, TaskPageSize, async (position, token) =>
            {
                string url = new RequestPath("tasks").Query("limit", TaskPageSize.ToString(CultureInfo.InvariantCulture)).Query("cursor", position.Cursor).ToString();
                DeckTaskList list = await client.GetAsync(url, DeckJsonContext.Default.DeckTaskList, token).ConfigureAwait(false);
                var tasks = new List<TaskRunTask>(list.Data!.Count);
                foreach (DeckTask? t in list.Data!)
                    if (t?.Id is string id) tasks.Add(new TaskRunTask { Provider = Provider, TaskId = id, Name = t.Name });
                return new TaskPage(tasks, new ProviderPage(position, list.Data.Count) { HasMore = list.HasMore ?? false, NextCursor = list.NextCursor });
            }, cancellationToken);

        private const int TaskPageSize = 100;

        /// <summary>POST /tasks/{id}/run with an Idempotency-Key, so a retried POST never starts two runs.</summary>
        public override async Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken)
        {
            var post = new ApiRequest(HttpMethod.Post, new RequestPath("tasks").Segment(taskId).Segment("run").ToString())
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
        public override async Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken)
        {
            string path = new RequestPath("task-runs").Segment(run.Id).Segment("cancel").ToString();
            await client.SendAsync(new ApiRequest(HttpMethod.Post, path) { AllowEmptyBody = true }, CommonJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            return await GetRunAsync(client, run.TaskId, run.Id, cancellationToken).ConfigureAwait(false);
        }

        internal static DeckTaskRun ToTaskRun(DeckRun r)
        {
            TaskRunStatus status = DeckStatus.Normalise(r.Status, r.Result, r.Errors);
            bool terminal = DeckStatus.Table.IsTerminal(r.Status);
            DeckRunError[] errors = Errors(r.Errors);
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
                Elapsed = Durations.FromMilliseconds(runtime), // an absurd runtime_ms keeps its number, not a Duration
                ErrorMessage = ErrorMessage(errors),
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
            RunOutput.SetFromJson(converted, r.Output);
            converted.SetPendingInteraction(PendingJson.From(r.Interaction));
            return converted;
        }

        /// <summary>The run's errors (none: the shared empty array; most runs have none, and a listing converts thousands).</summary>
        private static DeckRunError[] Errors(List<DeckError?>? wire)
        {
            if (wire is null || wire.Count == 0) return Array.Empty<DeckRunError>();
            var errors = new List<DeckRunError>(wire.Count);
            foreach (DeckError? e in wire)
                if (e != null) errors.Add(new DeckRunError { Type = e.Type, Code = e.Code, Message = e.Message, Field = e.Field });
            return errors.ToArray();
        }

        /// <summary>The errors' messages that are not empty, joined by "; " (null when the run has no error).</summary>
        private static string? ErrorMessage(DeckRunError[] errors)
        {
            if (errors.Length == 0) return null;
            var messages = new List<string>(errors.Length);
            foreach (DeckRunError e in errors) if (!string.IsNullOrEmpty(e.Message)) messages.Add(e.Message!);
            return string.Join("; ", messages);
        }

        /// <summary>
        /// Deck filters on several statuses at once. A lone "Success" is status=completed&amp;outcome=success; other
        /// normalised names without an exact server value are checked client-side. Outcomes are sent in lower case.
        /// </summary>
        protected override StatusPlan PlanStatus(StatusFilter status, IDictionary<string, IReadOnlyList<string>> filters)
        {
            IReadOnlyList<string>? outcomes = filters.TryGetValue("outcome", out var given) ? given.Select(o => o.ToLowerInvariant()).ToList() : null;
            if (outcomes != null) filters["outcome"] = outcomes;
            if (status.IsEmpty) return StatusPlan.None;
            IReadOnlyList<string>? server = Descriptor.StatusTable.ServerValues(status);
            if (server != null) return new StatusPlan(server, null);
            if (outcomes is null && status.RawValues.Count == 0 && status.NormalisedValues.Count == 1 && status.NormalisedValues.First() == TaskRunStatus.Success)
            {
                filters["outcome"] = new[] { "success" };
                return new StatusPlan(new[] { "completed" }, null);
            }
            return new StatusPlan(null, status.Matches);
        }

        private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

        private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a < b ? a : b);

        internal static string? Iso(DateTimeOffset? value) => DateBounds.Limiting(value)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
