using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists task runs of a provider, or gets one run by id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRun", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(TaskRun))]
    public sealed class GetTaskRunCommand : TaskRunQueryCommandBase
    {
        private const string ByIdSet = "ById";

        /// <summary>
        /// The id of the run to get: an Anchor execution id, RunWisp run id (a ULID), Deck trun_… id or BrowserAct task id. Anchor also
        /// needs -TaskId. With -TaskId, a run of another task is a NotFound error, never returned. Tab completes the newest run ids once
        /// -Provider (and for Anchor -TaskId) is given. One id per call, so that piped runs (which bind -Id by property name) are
        /// refreshed one by one: for several, pipe them ('id1','id2' | ForEach-Object { Get-TaskRun Deck -Id $_ }) or pipe the runs.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.RunIdCompleter))]
        public string? Id { get; set; }

        /// <summary>
        /// Fetches every page, at the provider's largest page size, and outputs each run as its page arrives: in the provider's order,
        /// each run once. Without -All, -First or -Skip only the first page is returned, with a warning when more runs exist.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// Runs per request, up to the provider's maximum (Anchor 100, RunWisp 1000, Deck 100, BrowserAct 500). Default: the provider's
        /// page size for one page (Anchor 10, RunWisp 50, Deck 20, BrowserAct 20) and its maximum with -All; with -First or -Skip, what
        /// they need (-Skip plus -First runs), at least the provider's page size and at most its maximum.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 1000)]
        [PSDefaultValue(Help = "The provider's page size; its largest with -All; what -First/-Skip need")]
        public int? PageSize { get; set; }

        /// <summary>
        /// With -All, -First or -Skip: how many pages are fetched at once after the first page has told the total. Default and maximum: the
        /// provider's limit (Anchor 8, RunWisp 8, BrowserAct 6); a larger value is lowered to it, with a warning. Deck's cursor pages are
        /// always read one after another.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 16)]
        [PSDefaultValue(Help = "The provider's limit")]
        public int? ThrottleLimit { get; set; }

        /// <inheritdoc/>
        protected override async Task ProcessRecordAsync()
        {
            if (ParameterSetName != ByIdSet)
            {
                await RunForInputAsync(ListAsync, (object?)TaskId ?? Provider).ConfigureAwait(false);
                return;
            }
            if (PagingParameters.Skip == 0 && PagingParameters.First > 0) await RunForInputAsync(() => GetOneAsync(Id!), Id).ConfigureAwait(false);
        }

        private async Task GetOneAsync(string id)
        {
            ITaskRunProvider adapter = Adapter;
            adapter.ValidateRunReference(TaskId, id);
            ApiClient client = ClientFor(Provider);
            TaskRun run = await adapter.GetRunAsync(client, TaskId, id, StopToken).ConfigureAwait(false);
            if (TaskId != null && run.TaskId != null && !string.Equals(run.TaskId, TaskId, StringComparison.Ordinal))
                throw new TaskRunApiException(Provider, "TaskRunNotFound", ErrorCategory.ObjectNotFound,
                    $"{Provider}: run {id} belongs to task {run.TaskId}, not to -TaskId {TaskId}.", 404, null, null);
            Emit(run);
        }

        private async Task ListAsync()
        {
            ITaskRunProvider adapter = Adapter;
            PreparedQuery query = adapter.Prepare(BuildQuery());
            var lister = new RunLister(adapter, ClientFor(Provider));
            var request = new ListingRequest
            {
                All = All.IsPresent,
                Skip = PagingParameters.Skip,
                First = PagingParameters.First,
                PageSize = PageSize,
                ThrottleLimit = ThrottleLimit,
            };
            if (ThrottleLimit > adapter.Descriptor.MaxConcurrentPages)
                EmitWarning($"-ThrottleLimit {ThrottleLimit} is more than {Provider} allows; {adapter.Descriptor.MaxConcurrentPages} page(s) are fetched at once.");
            ProgressRecord? progress = All.IsPresent ? ReportProgress(lister) : null;

            bool totalWritten = false;
            long listed = 0;
            await foreach (IReadOnlyList<TaskRun> batch in lister.ListAsync(query, request, StopToken).ConfigureAwait(false))
            {
                if (PagingParameters.IncludeTotalCount && !totalWritten)
                {
                    totalWritten = true;
                    Emit(lister.TotalCount is long total ? PagingParameters.NewTotalCount((ulong)total, 1.0) : PagingParameters.NewTotalCount(0, 0.0));
                }
                listed += batch.Count;
                EmitEach(batch);
            }
            if (listed == 0 && TaskId != null && !AnyFilterBesidesTask() && PagingParameters.Skip == 0)
                EmitWarning($"{Provider} lists no runs of task '{TaskId}'. -TaskId (position 1) takes a task key (Get-TaskRunTask -Provider {Provider} lists them); to get a run by its id use -Id {TaskId}.");

            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                EmitProgress(progress);
            }
            if (!request.AllPages && lister.MoreAvailable)
            {
                string more = lister.TotalCount is long t ? $"More {Provider} runs exist ({t} in all)."
                    : query.ClientCheck != null ? $"More {Provider} runs may match: TaskRuns checks some filters itself, so how many match is not known until every page is read."
                    : $"More {Provider} runs exist.";
                EmitWarning($"{more} Use -All to list every page, -First N for a number of runs, or Get-TaskRunPage to page yourself.");
            }
        }

        /// <summary>-All shows a progress bar: runs and pages so far, and the percentage when the total is known.</summary>
        private ProgressRecord ReportProgress(RunLister lister)
        {
            var progress = new ProgressRecord(1, $"Get-TaskRun -Provider {Provider}", "Listing runs");
            lister.PageRead = (pages, runs, total) =>
            {
                progress.StatusDescription = total is long t ? $"{runs} of {t} runs, {pages} page(s)" : $"{runs} runs, {pages} page(s)";
                progress.PercentComplete = total is long all && all > 0 ? (int)Math.Min(100, runs * 100 / all) : -1;
                EmitProgress(progress);
            };
            return progress;
        }
    }
}
