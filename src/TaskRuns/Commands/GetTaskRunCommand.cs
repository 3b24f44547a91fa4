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

        /// <summary>The id of one run to get: an Anchor execution id, RunWisp run id (a ULID), Deck trun_… id or BrowserAct task id. Anchor also needs -TaskId.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        /// <summary>
        /// Fetches every page, at the provider's largest page size, and outputs each run as its page arrives: in the provider's order,
        /// each run once. Without -All, -First or -Skip only the first page is returned, with a warning when more runs exist.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// Runs per request, up to the provider's maximum (Anchor 100, RunWisp 1000, Deck 100, BrowserAct 500). Default: the provider's
        /// page size for one page (Anchor 10, RunWisp 50, Deck 20, BrowserAct 20), its maximum with -All, -First or -Skip.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 1000)]
        [PSDefaultValue(Help = "The provider's page size; its largest with -All, -First or -Skip")]
        public int? PageSize { get; set; }

        /// <summary>
        /// With -All: how many pages are fetched at once after the first page has told the total (1 to 16). Default and maximum:
        /// the provider's limit (Anchor 8, RunWisp 8, BrowserAct 6, Deck 6: Deck pages creation-time slices at once; 1 keeps it sequential).
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 16)]
        [PSDefaultValue(Help = "The provider's limit")]
        public int? ThrottleLimit { get; set; }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() =>
            RunForInputAsync(ParameterSetName == ByIdSet ? GetOneAsync : ListAsync, (object?)Id ?? TaskId ?? (object)Provider);

        private async Task GetOneAsync()
        {
            ITaskRunProvider adapter = Adapter;
            adapter.ValidateRunReference(TaskId, Id!);
            ApiClient client = ClientFor(Provider);
            TaskRun run = await adapter.GetRunAsync(client, TaskId, Id!, StopToken).ConfigureAwait(false);
            if (PagingParameters.Skip == 0 && PagingParameters.First > 0) Emit(run);
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
            ProgressRecord? progress = All.IsPresent ? ReportProgress(lister) : null;

            bool totalWritten = false;
            await foreach (IReadOnlyList<TaskRun> batch in lister.ListAsync(query, request, StopToken).ConfigureAwait(false))
            {
                if (PagingParameters.IncludeTotalCount && !totalWritten)
                {
                    totalWritten = true;
                    Emit(lister.TotalCount is long total ? PagingParameters.NewTotalCount((ulong)total, 1.0) : PagingParameters.NewTotalCount(0, 0.0));
                }
                EmitEach(batch);
            }

            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                EmitProgress(progress);
            }
            if (!request.AllPages && lister.MoreAvailable)
            {
                string total = lister.TotalCount is long t ? $" ({t} in all)" : "";
                EmitWarning($"More {Provider} runs exist{total}. Use -All to list every page, -First N for a number of runs, or Get-TaskRunPage to page yourself.");
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
