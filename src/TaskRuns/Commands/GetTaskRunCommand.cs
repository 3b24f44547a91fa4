using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Http;
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
        /// the provider's limit (Anchor 8, RunWisp 8, BrowserAct 6). Deck's cursor pages are always read one after another.
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
            ApiClient client = CreateClient();
            TaskRun run = await adapter.GetRunAsync(client, TaskId, Id!, StopToken).ConfigureAwait(false);
            if (PagingParameters.Skip == 0 && PagingParameters.First > 0) Emit(run);
        }

        private async Task ListAsync()
        {
            ITaskRunProvider adapter = Adapter;
            ProviderDescriptor descriptor = adapter.Descriptor;
            TaskRunQuery query = BuildQuery();
            adapter.Prepare(query);
            ApiClient client = CreateClient();

            ulong skip = PagingParameters.Skip;
            ulong first = PagingParameters.First;
            bool limited = first != ulong.MaxValue;
            bool allPages = All.IsPresent || limited || skip > 0;
            int pageSize = PageSize ?? (allPages ? PageSizeFor(descriptor, skip, first, limited) : descriptor.DefaultPageSize);
            if (pageSize > descriptor.MaxPageSize)
                throw new TaskRunInputException(Provider, "InvalidPageSize", $"-PageSize can be at most {descriptor.MaxPageSize} for {Provider}.", pageSize);
            if (first == 0) return;

            var lister = new RunLister(adapter, client);
            var progress = new ProgressRecord(1, $"Get-TaskRun -Provider {Provider}", "Listing runs");
            bool showProgress = All.IsPresent;
            if (showProgress)
            {
                lister.PageRead = (pages, runs, total) =>
                {
                    progress.StatusDescription = total is long t ? $"{runs} of {t} runs, {pages} page(s)" : $"{runs} runs, {pages} page(s)";
                    progress.PercentComplete = total is long all && all > 0 ? (int)Math.Min(100, runs * 100 / all) : -1;
                    EmitProgress(progress);
                };
            }

            ulong seen = 0, written = 0;
            bool totalWritten = false;
            int throttle = Math.Min(ThrottleLimit ?? descriptor.MaxConcurrentPages, descriptor.MaxConcurrentPages);
            await foreach (IReadOnlyList<TaskRun> page in lister.ListBatchesAsync(query, pageSize, allPages, throttle, StopToken).ConfigureAwait(false))
            {
                if (PagingParameters.IncludeTotalCount && !totalWritten)
                {
                    totalWritten = true;
                    Emit(lister.TotalCount is long total
                        ? PagingParameters.NewTotalCount((ulong)total, 1.0)
                        : PagingParameters.NewTotalCount(0, 0.0));
                }
                var batch = new List<object>(page.Count);
                foreach (TaskRun run in page)
                {
                    if (seen++ < skip) continue;
                    batch.Add(run);
                    if (++written >= first) break;
                }
                EmitEach(batch);
                if (written >= first) break;
            }

            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                EmitProgress(progress);
            }
            if (!allPages && lister.MoreAvailable)
            {
                string total = lister.TotalCount is long t ? $" ({t} in all)" : "";
                EmitWarning($"More {Provider} runs exist{total}. Use -All to list every page, -First N for a number of runs, or Get-TaskRunPage to page yourself.");
            }
        }

        private static int PageSizeFor(ProviderDescriptor descriptor, ulong skip, ulong first, bool limited)
        {
            if (!limited) return descriptor.MaxPageSize;
            ulong wanted = skip + first;
            return (int)Math.Max((ulong)descriptor.DefaultPageSize, Math.Min((ulong)descriptor.MaxPageSize, wanted));
        }
    }
}
