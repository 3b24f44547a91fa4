using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Providers
{
    /// <summary>
    /// The defaults adapters share: bearer auth, no cached login to forget, JSON media types, refresh by reading the run
    /// again, and <see cref="Prepare"/> driven by the descriptor's filter and status tables. An adapter overrides what differs.
    /// </summary>
    internal abstract class TaskRunProviderBase : ITaskRunProvider
    {
        public abstract ProviderDescriptor Descriptor { get; }

        public TaskRunProvider Provider => Descriptor.Name;

        /// <summary>Default: the key as a bearer token.</summary>
        public virtual Task AuthenticateAsync(HttpRequestMessage request, ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            if (connection.Credential != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Credential.Reveal());
            return Task.CompletedTask;
        }

        /// <summary>Default: an API key is not a cached login, so a 401 is final.</summary>
        public virtual bool ForgetAuthentication(ProviderConnection connection) => false;

        /// <summary>"RunWisp: no password was given … (HTTP 401 …)": the daemon wants one after all.</summary>
        public TaskRunApiException RefusedWithoutCredential(TaskRunApiException refused) =>
            new(Provider, "MissingCredential", System.Management.Automation.ErrorCategory.AuthenticationError,
                $"{Provider}: {ConnectionResolver.MissingCredentialText(Descriptor)}; the service answered HTTP 401 to a request sent without one" +
                (refused.RequestId is null ? "." : $" (request id {refused.RequestId})."),
                refused.StatusCode, refused.RequestId, refused.ProviderMessage, inner: refused, providerCode: refused.ProviderCode);

        /// <summary>Odd bodies (empty, HTML, plain text, broken JSON) the shared way; a JSON object by the provider's <see cref="ReadErrorEnvelope"/>.</summary>
        public ProviderErrorBody ReadErrorBody(string body) => ErrorBodyReader.Read(body, ReadErrorEnvelope);

        /// <summary>The provider's message, request id and code from its own error envelope (Providers/&lt;Name&gt;/&lt;Name&gt;ErrorBody).</summary>
        protected abstract ProviderErrorBody ReadErrorEnvelope(JsonElement root);

        /// <summary>Default: no documented request budget.</summary>
        public virtual RequestRateLimit? RateLimit => null;

        /// <summary>Default: no documented limit on concurrent requests.</summary>
        public virtual RequestConcurrencyLimit? ConcurrencyLimit => null;

        public virtual bool IsJsonMediaType(string? mediaType) => mediaType != null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// Checks the date range, the task key and every filter (the filter table), resolves the statuses (the status
        /// table), and plans what goes to the server; the exact date bounds are always checked client-side too.
        /// </summary>
        public PreparedQuery Prepare(TaskRunQuery query)
        {
            if (query.Since > query.Until)
                throw new TaskRunInputException(Provider, "InvalidDateRange", "-Since is later than -Until.", query.Since);
            ValidateListTask(query.TaskId);
            SortedDictionary<string, IReadOnlyList<string>> filters = Descriptor.FilterTable.Resolve(Provider, query);
            StatusFilter status = Descriptor.StatusTable.Resolve(Provider, query.Status);
            StatusPlan plan = PlanStatus(status, filters);
            var feedChecks = new List<Func<TaskRun, bool>?>();
            var notCheckable = new List<string>();
            foreach (var pair in filters)
            {
                // Every wire key comes from the table (PlanStatus adds only table keys); one that did not could not be checked.
                ProviderFilter? filter = Descriptor.FilterTable.ByWireName(pair.Key);
                IReadOnlyList<string> values = filter is null || filter.Many ? pair.Value : pair.Value.Take(1).ToList();
                if (filter?.RunCheck is Func<TaskRun, IReadOnlyList<string>, bool> check) feedChecks.Add(run => check(run, values));
                else notCheckable.Add(filter?.Describe() ?? pair.Key);
            }
            return new PreparedQuery(query, filters, plan.ServerValues, ClientFilters.Combine(plan.ClientCheck, ClientFilters.DateRange(query.Since, query.Until)),
                ClientFilters.Combine(feedChecks.ToArray()), notCheckable);
        }

        /// <summary>Checks -TaskId of a listing (Anchor requires one; RunWisp checks the name).</summary>
        protected virtual void ValidateListTask(string? taskId) { }

        /// <summary>
        /// Default: the server filters on one status value; several values (or a TaskRunStatus with no exact value) are
        /// checked client-side.
        /// </summary>
        protected virtual StatusPlan PlanStatus(StatusFilter status, IDictionary<string, IReadOnlyList<string>> filters)
        {
            if (status.IsEmpty) return StatusPlan.None;
            IReadOnlyList<string>? server = Descriptor.StatusTable.ServerValues(status);
            return server is { Count: 1 } ? new StatusPlan(server, null) : new StatusPlan(null, ClientStatusCheck(status));
        }

        /// <summary>The client-side status check (RunWisp also matches its lifecycle field).</summary>
        protected virtual Func<TaskRun, bool> ClientStatusCheck(StatusFilter status) => status.Matches;

        public virtual void ValidateRunReference(string? taskId, string id) { }

        public abstract Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken);

        public abstract Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken);

        /// <summary>Default: read the run again.</summary>
        public virtual Task<TaskRun> RefreshAsync(ApiClient client, TaskRun current, CancellationToken cancellationToken) =>
            GetRunAsync(client, current.TaskId, current.Id, cancellationToken);

        public virtual string DescribeWait(TaskRun run) => run.ProviderStatus;

        public abstract Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken);

        public abstract Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken);

        public abstract Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken);

        /// <summary>Every task, read page by page by the pager of <paramref name="style"/> (the same rules as run listings: empty page, total, repeated cursor).</summary>
        protected async Task<IReadOnlyList<TaskRunTask>> ListAllTasksAsync(
            ApiClient client, PagingStyle style, int pageSize, Func<PagePosition, CancellationToken, Task<TaskPage>> fetch, CancellationToken cancellationToken)
        {
            var tasks = new List<TaskRunTask>();
            Pager pager = Pager.For(style, Provider);
            PagePosition? position = PagePosition.First(style);
            for (int page = 0; page < MaxTaskPages && position is PagePosition at; page++)
            {
                TaskPage read = await fetch(at, cancellationToken).ConfigureAwait(false);
                tasks.AddRange(read.Tasks);
                position = pager.Next(read.Page, pageSize);
            }
            return tasks;
        }

        /// <summary>The most pages of tasks read (a guard against a server that never says "last page").</summary>
        private const int MaxTaskPages = 100;

        /// <summary>One page of tasks and its paging facts (the page's items are not used; the pager reads the counts).</summary>
        protected sealed class TaskPage
        {
            public TaskPage(IReadOnlyList<TaskRunTask> tasks, ProviderPage page)
            {
                Tasks = tasks;
                Page = page;
            }

            public IReadOnlyList<TaskRunTask> Tasks { get; }
            public ProviderPage Page { get; }
        }

        /// <summary>What the server's status parameter gets, and what is left to check per run.</summary>
        protected sealed class StatusPlan
        {
            public static readonly StatusPlan None = new(null, null);

            public StatusPlan(IReadOnlyList<string>? serverValues, Func<TaskRun, bool>? clientCheck)
            {
                ServerValues = serverValues;
                ClientCheck = clientCheck;
            }

            public IReadOnlyList<string>? ServerValues { get; }
            public Func<TaskRun, bool>? ClientCheck { get; }
        }
    }
}
