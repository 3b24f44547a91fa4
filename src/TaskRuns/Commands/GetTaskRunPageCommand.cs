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
        /// The NextPageToken of the previous page; omit it or pass $null for the first page. An empty token, or the null token of a piped last
        /// page, ends paging: nothing is output (it never starts again at the first page), so while ($p) { $p = $p | Get-TaskRunPage } stops. The token is opaque and
        /// carries the task and filters of its listing: piping a TaskRunPage (it binds by property name) gets the page after it without
        /// repeating -TaskId or the filters. Filters given as well must be the token's own (else InvalidPageToken).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? NextPageToken { get; set; }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() => RunForInputAsync(GetPageAsync, (object?)TaskId ?? Provider);

        private bool _tokenOnCommandLine;

        /// <inheritdoc/>
        protected override Task BeginProcessingAsync()
        {
            // Before pipeline input is bound: a token named on the command line (null = first page) or taken from piped pages.
            _tokenOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(NextPageToken));
            return Task.CompletedTask;
        }

        private async Task GetPageAsync()
        {
            bool ended = MyInvocation.BoundParameters.ContainsKey(nameof(NextPageToken))
                && (NextPageToken is { Length: 0 } || (NextPageToken is null && !_tokenOnCommandLine));
            if (ended)
            {
                EmitVerbose("Get-TaskRunPage: -NextPageToken is empty (the previous page was the last); no page is requested.");
                return;
            }
            // One provider per page: a merged page would have to carry every provider's position and the runs read ahead
            // but not yet output, so its token could not stay small and opaque. Get-TaskRun -First/-Skip pages across providers.
            ITaskRunProvider adapter = Clients.Select(Provider).Single("PageNeedsOneProvider",
                "Get-TaskRunPage pages one provider at a time: give one -Provider. Get-TaskRun -First and -Skip page across providers (newest first).");
            TaskRunQuery? carried = NextPageToken is string token && !AnyFilterGiven() ? RunLister.QueryOf(token) : null;
            PreparedQuery query = adapter.Prepare(carried is { } q && q.Provider == adapter.Provider ? q : BuildQuery(adapter.Provider));
            TaskRunPage page = await new RunLister(adapter, Clients.ClientFor(adapter.Provider)).GetPageAsync(query, NextPageToken, PageSize, StopToken).ConfigureAwait(false);
            Emit(page);
        }
    }
}
