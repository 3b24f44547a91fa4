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
    [Cmdlet(VerbsCommon.Get, "TaskRunPage")]
    [OutputType(typeof(TaskRunPage))]
    public sealed class GetTaskRunPageCommand : TaskRunCommandBase
    {
        /// <summary>The provider's task key.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        public string? TaskId { get; set; }

        /// <summary>Only runs with these statuses.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Status { get; set; }

        /// <summary>Only runs created at or after this time.</summary>
        [Parameter]
        [Alias("After", "CreatedAfter")]
        public DateTime? Since { get; set; }

        /// <summary>Only runs created at or before this time.</summary>
        [Parameter]
        [Alias("Before", "CreatedBefore")]
        public DateTime? Until { get; set; }

        /// <summary>Anchor: task version filter.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>Free-text search where the provider has one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Search { get; set; }

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
            var query = new TaskRunQuery
            {
                Provider = Provider,
                TaskId = TaskId,
                Status = Status ?? Array.Empty<string>(),
                Since = Since.HasValue ? new DateTimeOffset(Since.Value) : null,
                Until = Until.HasValue ? new DateTimeOffset(Until.Value) : null,
                Version = Version,
                Search = Search,
            };
            adapter.Prepare(query);
            ApiClient client = CreateClient();
            TaskRunPage page = await new RunLister(adapter, client).GetPageAsync(query, NextPageToken, PageSize, StopToken).ConfigureAwait(false);
            Emit(page);
        }
    }
}
