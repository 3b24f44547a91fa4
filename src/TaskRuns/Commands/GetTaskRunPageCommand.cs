using System;
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
    /// <para type="synopsis">Gets one page of task runs and a token that resumes paging after it.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRunPage", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(TaskRunPage))]
    public sealed class GetTaskRunPageCommand : TaskRunQueryCommandBase
    {
        /// <summary>Runs per page, up to the provider's maximum. Default: the provider's page size, or the size the -NextPageToken was made with.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        [PSDefaultValue(Help = "The provider's page size, or the size the token was made with")]
        public int? PageSize { get; set; }

        /// <summary>
        /// The NextPageToken of the previous page; omit it (or pass $null) for the first page. The token is opaque and valid only with
        /// the same provider and filters. Binds from a piped TaskRunPage, so piping a page gets the page after it.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? NextPageToken { get; set; }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() => RunForInputAsync(GetPageAsync, (object?)TaskId ?? Provider);

        private async Task GetPageAsync()
        {
            // One provider per page: a merged page would have to carry every provider's position and the runs read ahead
            // but not yet output, so its token could not stay small and opaque. Get-TaskRun -First/-Skip pages across providers.
            ITaskRunProvider adapter = SelectProviders().Single("PageNeedsOneProvider",
                "Get-TaskRunPage pages one provider at a time: give one -Provider. Get-TaskRun -First and -Skip page across providers (newest first).");
            PreparedQuery query = adapter.Prepare(BuildQuery(adapter.Provider));
            TaskRunPage page = await new RunLister(adapter, ClientFor(adapter.Provider)).GetPageAsync(query, NextPageToken, PageSize, StopToken).ConfigureAwait(false);
            Emit(page);
        }
    }
}
