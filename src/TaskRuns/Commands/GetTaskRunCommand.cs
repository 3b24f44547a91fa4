using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Following;
using TaskRuns.Http;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists task runs of one or several providers, newest first, or gets runs by id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRun", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(TaskRun))]
    public sealed class GetTaskRunCommand : TaskRunQueryCommandBase
    {
        private const string ByIdSet = "ById";

        /// <summary>
        /// The ids of the runs to get, one or several (-Id a,b), all of one -Provider: Anchor execution ids, RunWisp run ids (ULIDs), Deck
        /// trun_… ids or BrowserAct task ids. The runs come out in the order given; an id that is not found is one NotFound error naming it,
        /// and the other ids are still got. Anchor also needs -TaskId. With -TaskId, a run of another task is a NotFound error, never
        /// returned. Piped runs (or CSV rows with Provider and Id) bind it by property name, each with its own provider, and are got again.
        /// -First and -Skip count the ids in the order given, across piped input too. Tab completes the newest run ids once -Provider (and
        /// for Anchor -TaskId) is given.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.RunIdCompleter))]
        public string[]? Id { get; set; }

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
        /// provider's limit (Anchor 8, RunWisp 16, BrowserAct 16, Deck 16: Deck pages creation-time slices at once, always within its rate
        /// limit, when its first pages take 2 ms or more to come back; 1 keeps it sequential); a larger value is lowered to it, with a
        /// warning.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 16)]
        [PSDefaultValue(Help = "The provider's limit")]
        public int? ThrottleLimit { get; set; }

        /// <summary>
        /// Follows the runs as they happen instead of listing them once: each matching run is output when it first appears and again each
        /// time its Status changes, until Ctrl+C, -Timeout, or -Until passes. Runs that exist already are output only when they change;
        /// with -Since the runs created since then come first (newest first, as a listing). RunWisp is followed through the daemon's run
        /// stream, Deck through its events, Anchor and BrowserAct by polling their newest runs every -PollInterval. Not with -All, -First,
        /// -Skip, -PageSize, -ThrottleLimit or -IncludeTotalCount (an error says so).
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Follow { get; set; }

        /// <summary>
        /// With -Follow only: how often a provider without a push feed is polled (Anchor and BrowserAct runs, Deck events): a TimeSpan or a
        /// number of seconds, at least 1 second. Default 5 seconds, which keeps every provider far below its rate limits.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "5 seconds")]
        public TimeSpan PollInterval { get; set; } = FollowOptions.DefaultPollInterval;

        /// <summary>With -Follow only: stop following after this long (a TimeSpan, a string such as "00:10:00", or a number of seconds). Default: follow until Ctrl+C or -Until.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("TimeoutSec")]
        [SecondsToTimeSpan]
        public TimeSpan? Timeout { get; set; }

        private ulong _idsSeen;

        /// <inheritdoc/>
        protected override async Task ProcessRecordAsync()
        {
            if (ParameterSetName != ByIdSet)
            {
                await RunForInputAsync(Follow.IsPresent ? FollowAsync : ListAsync, (object?)TaskId ?? Provider).ConfigureAwait(false);
                return;
            }
            foreach (string id in Id!)
            {
                ulong index = _idsSeen++;
                if (index >= PagingParameters.Skip && index - PagingParameters.Skip < PagingParameters.First)
                    await RunForInputAsync(() => GetOneAsync(id), id).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// -Follow: the engine's follower over every provider the command selected, one source per provider (per task for a
        /// provider that lists per task, such as Anchor without -TaskId).
        /// </summary>
        private async Task FollowAsync()
        {
            ProviderSelection selection = Clients.Select(Provider);
            TaskRunProvider first = selection.Providers[0];
            if (All.IsPresent || PageSize.HasValue || ThrottleLimit.HasValue || PagingParameters.Skip != 0 || PagingParameters.First != ulong.MaxValue || PagingParameters.IncludeTotalCount)
                throw new TaskRunInputException(first, "FollowWithPaging",
                    "-Follow writes runs as they happen: it cannot be combined with -All, -First, -Skip, -PageSize, -ThrottleLimit or -IncludeTotalCount.");
            if (PollInterval < TimeSpan.FromSeconds(1))
                throw new TaskRunInputException(first, "InvalidPollInterval", "-PollInterval must be at least 1 second.", PollInterval.ToString());
            if (Timeout is TimeSpan t && t <= TimeSpan.Zero)
                throw new TaskRunInputException(first, "InvalidTimeout", "-Timeout must be more than zero.", t.ToString());

            var sources = new List<FollowSource>();
            foreach (PreparedQuery query in selection.Prepare(BuildQuery))
            {
                ITaskRunProvider adapter = ProviderRegistry.Get(query.Provider);
                ApiClient client = Clients.ClientFor(query.Provider);
                if (adapter.Descriptor.ListsPerTask && string.IsNullOrEmpty(query.TaskId))
                {
                    foreach (TaskRunTask task in await adapter.ListTasksAsync(client, StopToken).ConfigureAwait(false))
                        sources.Add(new FollowSource(adapter, client, query.ForTask(task.TaskId)));
                }
                else sources.Add(new FollowSource(adapter, client, query));
            }
            var follower = new RunFollower(sources, new FollowOptions { PollInterval = PollInterval }, Log);
            DateTimeOffset? until = Until.HasValue ? DateBounds.FromDateTime(Until.Value) : null;
            await foreach (TaskRun run in follower.FollowAsync(Since.HasValue, Timeout, until, StopToken).ConfigureAwait(false))
                Emit(run);
        }

        private async Task GetOneAsync(string id)
        {
            ITaskRunProvider adapter = Clients.Select(Provider).Single("IdNeedsOneProvider",
                "a run id belongs to one provider: give one -Provider with -Id (piped runs bring their own).");
            adapter.ValidateRunReference(TaskId, id);
            ApiClient client = Clients.ClientFor(adapter.Provider);
            TaskRun run = await adapter.GetRunAsync(client, TaskId, id, StopToken).ConfigureAwait(false);
            if (TaskId != null && run.TaskId != null && !string.Equals(run.TaskId, TaskId, StringComparison.Ordinal))
                throw new TaskRunApiException(adapter.Provider, "TaskRunNotFound", ErrorCategory.ObjectNotFound,
                    $"{adapter.Provider}: run {id} belongs to task {run.TaskId}, not to -TaskId {TaskId}.", 404, null, null);
            Emit(run);
        }

        /// <summary>
        /// One provider or several, one task or (Anchor) every task: always one merged stream, newest first. With several
        /// providers a provider that fails is one error naming it, and the others finish.
        /// </summary>
        private async Task ListAsync()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(PollInterval)) || Timeout.HasValue)
                throw new TaskRunInputException(Provider is { Length: > 0 } ? Provider[0] : TaskRunProvider.Anchor, "FollowParameterWithoutFollow", "-PollInterval and -Timeout apply to -Follow only.");
            ProviderSelection selection = Clients.Select(Provider);
            IReadOnlyList<PreparedQuery> queries = selection.Prepare(BuildQuery);
            var lister = new MergedLister(queries, Clients.ClientFor);
            if (!selection.IsSingle)
                lister.ProviderFailed = (provider, e) => EmitError(ErrorRecordFactory.From(e, provider));
            lister.OutOfOrder = provider => EmitVerbose($"{provider}: its runs did not come newest first, so the merged order is only as good as that provider's order.");
            var request = new ListingRequest
            {
                All = All.IsPresent,
                Skip = PagingParameters.Skip,
                First = PagingParameters.First,
                PageSize = PageSize,
                ThrottleLimit = ThrottleLimit,
                // Each batch is reported taken once the pipeline has written it, so pages are fetched ahead as fast as the
                // pipeline takes runs, not as fast as the hand-off queue fills.
                ReportsTaken = true,
            };
            foreach (PreparedQuery q in queries)
            {
                int max = ProviderRegistry.Get(q.Provider).Descriptor.MaxConcurrentPages;
                if (ThrottleLimit > max)
                    EmitWarning($"-ThrottleLimit {ThrottleLimit} is more than {q.Provider} allows; {max} page(s) are fetched at once.");
            }
            ProgressRecord? progress = All.IsPresent ? ReportProgress(lister, selection) : null;

            bool totalWritten = false;
            long listed = 0;
            await foreach (RunBatch batch in lister.ListAsync(request, StopToken).ConfigureAwait(false))
            {
                if (PagingParameters.IncludeTotalCount && !totalWritten)
                {
                    totalWritten = true;
                    Emit(lister.TotalCount is long total ? PagingParameters.NewTotalCount((ulong)total, 1.0) : PagingParameters.NewTotalCount(0, 0.0));
                }
                lister.Counted(batch.Count);
                listed += batch.Count;
                EmitEach(batch, batch.Taken);
            }
            if (listed == 0 && TaskId != null && selection.IsSingle && !AnyFilterBesidesTask() && PagingParameters.Skip == 0)
                EmitWarning($"{selection.Providers[0]} lists no runs of task '{TaskId}'. -TaskId (position 1) takes a task key (Get-TaskRunTask -Provider {selection.Providers[0]} lists them); to get a run by its id use -Id {TaskId}.");

            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                EmitProgress(progress);
            }
            if (!request.AllPages) WarnOfMoreRuns(lister, selection, queries);
        }

        /// <summary>
        /// Without -All: one warning that more runs exist (with the total for one provider), however many providers
        /// have more; where TaskRuns checks a filter itself it says the runs "may match", since how many do is unknown.
        /// </summary>
        private void WarnOfMoreRuns(MergedLister lister, ProviderSelection selection, IReadOnlyList<PreparedQuery> queries)
        {
            List<TaskRunProvider> more = lister.MoreAvailable.ToList();
            if (more.Count == 0) return;
            List<TaskRunProvider> mayMatch = more.Where(p => queries.Any(q => q.Provider == p && q.ClientCheck != null)).ToList();
            List<TaskRunProvider> exist = more.Except(mayMatch).ToList();
            var sentences = new List<string>();
            if (exist.Count > 0)
                sentences.Add(selection.IsSingle && lister.TotalCount is long t ? $"More {exist[0]} runs exist ({t} in all)." : $"More {string.Join(", ", exist)} runs exist.");
            if (mayMatch.Count > 0)
                sentences.Add($"More {string.Join(", ", mayMatch)} runs may match: TaskRuns checks some filters itself, so how many match is not known until every page is read.");
            EmitWarning($"{string.Join(" ", sentences)} Use -All to list every page, -First N for a number of runs, or Get-TaskRunPage to page yourself.");
        }

        /// <summary>-All shows a progress bar: runs and pages so far, and the percentage when the total is known.</summary>
        private ProgressRecord ReportProgress(MergedLister lister, ProviderSelection selection)
        {
            var progress = new ProgressRecord(1, $"Get-TaskRun -Provider {string.Join(",", selection.Providers)}", "Listing runs");
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
