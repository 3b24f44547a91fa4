using System;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Http;
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
        /// <summary>Runs per page. Default: the provider's default (or the size the token was made with).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int? PageSize { get; set; }

        /// <summary>The NextPageToken of the previous page; omit for the first page.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? NextPageToken { get; set; }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() => RunForInputAsync(GetPageAsync, (object?)TaskId ?? Provider);

        private async Task GetPageAsync()
        {
            ITaskRunProvider adapter = Adapter;
            if (PageSize > adapter.Descriptor.MaxPageSize)
                throw new TaskRunInputException(Provider, "InvalidPageSize", $"-PageSize can be at most {adapter.Descriptor.MaxPageSize} for {Provider}.", PageSize);
            TaskRunQuery query = BuildQuery();
            adapter.Prepare(query);
            ApiClient client = CreateClient();
            TaskRunPage page = await new RunLister(adapter, client).GetPageAsync(query, NextPageToken, PageSize, StopToken).ConfigureAwait(false);
            Emit(page);
        }
    }
}
