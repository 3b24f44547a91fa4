using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using TaskRuns.Completion;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// The listing filters shared by Get-TaskRun and Get-TaskRunPage. Each provider honours the ones its API has;
    /// a filter the chosen provider cannot honour is an UnsupportedFilter error, never silently ignored.
    /// </summary>
    public abstract class TaskRunQueryCommandBase : TaskRunProvidersCommandBase
    {
        /// <summary>Parameter set of the listing parameters.</summary>
        protected const string ListSet = "List";

        /// <summary>
        /// The provider's task key: Anchor task id, RunWisp task name, Deck task_id, BrowserAct workflow_id. Without it, runs of every task are
        /// listed (for Anchor, which lists executions per task, the executions of every task in its task list, merged newest first). With several
        /// providers it applies to each. Get-TaskRunTask lists the keys (and Tab completes them).
        /// </summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>
        /// Only runs with these statuses: the provider's own values (Anchor failure, RunWisp failed, Deck interaction_required,
        /// BrowserAct paused, …) or TaskRunStatus names (Queued, Running, Cancelling, WaitingForInput, Success, Failure, Timeout,
        /// Cancelled, Skipped, Unknown). The provider filters where its API can; TaskRuns checks the rest as runs arrive.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StatusCompleter))]
        public string[]? Status { get; set; }

        /// <summary>Only runs created at or after this time (a DateTime without a kind is local time).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("After", "CreatedAfter")]
        public DateTime? Since { get; set; }

        /// <summary>Only runs created at or before this time (a DateTime without a kind is local time).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Before", "CreatedBefore")]
        public DateTime? Until { get; set; }

        /// <summary>Anchor only: only executions of this task version: draft, latest or a version number.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>RunWisp and Deck only: free-text search (RunWisp matches part of the task name or run id).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Search { get; set; }

        /// <summary>BrowserAct only: only tasks of workflows whose name contains this text (case-insensitive).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? WorkflowName { get; set; }

        /// <summary>Deck only: only completed runs with these results: success, failure or unknown.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("success", "failure", "unknown")]
        public string[]? Outcome { get; set; }

        /// <summary>Deck only: only runs against these sources (src_… ids).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SourceId { get; set; }

        /// <summary>Deck only: only runs of this agent (an agt_… id).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? AgentId { get; set; }

        /// <summary>Deck only: only runs that used this credential (a cred_… id).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? CredentialId { get; set; }

        /// <summary>RunWisp only: the field runs are sorted by: task_name, status, start_at, exit_code, duration or created_at. Default created_at.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("task_name", "status", "start_at", "exit_code", "duration", "created_at")]
        [PSDefaultValue(Value = "created_at")]
        public string? SortBy { get; set; }

        /// <summary>RunWisp only: the sort direction, asc or desc. Default desc (newest first).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("asc", "desc")]
        [PSDefaultValue(Value = "desc")]
        public string? SortDirection { get; set; }

        /// <summary>
        /// Any other provider filter by its wire name, as a hashtable: @{ workflow_id = 'wf_1' } for Deck or @{ task_name = 'etl' } for RunWisp.
        /// A name the provider does not know is an UnsupportedFilter error, never ignored.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        /// <summary>The query as the user gave it: provider filters under their parameter names; the adapter maps them to its wire names.</summary>
        internal TaskRunQuery BuildQuery(Model.TaskRunProvider provider)
        {
            var query = new TaskRunQuery
            {
                Provider = provider,
                TaskId = TaskId,
                Status = Status ?? Array.Empty<string>(),
                Since = Since.HasValue ? DateBounds.FromDateTime(Since.Value) : null,
                Until = Until.HasValue ? DateBounds.FromDateTime(Until.Value) : null,
                Version = Version,
                Search = Search,
            };
            if (Filter != null)
            {
                foreach (DictionaryEntry entry in Filter)
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    query.FilterKeys[key] = ValuesOf(entry.Value);
                }
            }
            Add(query, nameof(WorkflowName), WorkflowName);
            Add(query, nameof(Outcome), Outcome);
            Add(query, nameof(SourceId), SourceId);
            Add(query, nameof(AgentId), AgentId);
            Add(query, nameof(CredentialId), CredentialId);
            Add(query, nameof(SortBy), SortBy);
            Add(query, nameof(SortDirection), SortDirection);
            return query;
        }

        /// <summary>True when the user gave -TaskId or any filter (then a page token must have been made with the same ones).</summary>
        internal bool AnyFilterGiven() => MyInvocation.BoundParameters.ContainsKey(nameof(TaskId)) || AnyFilterBesidesTask();

        /// <summary>True when the user gave any filter other than -TaskId.</summary>
        internal bool AnyFilterBesidesTask()
        {
            foreach (string name in new[] { nameof(Status), nameof(Since), nameof(Until), nameof(Version), nameof(Search), nameof(WorkflowName),
                nameof(Outcome), nameof(SourceId), nameof(AgentId), nameof(CredentialId), nameof(SortBy), nameof(SortDirection), nameof(Filter) })
                if (MyInvocation.BoundParameters.ContainsKey(name)) return true;
            return false;
        }

        private static void Add(TaskRunQuery query, string parameter, params string?[]? values)
        {
            if (values is null || values.Length == 0 || values.All(v => v is null)) return;
            query.Parameters[parameter] = values.Where(v => v != null).Select(v => v!).ToArray();
        }

        private static IReadOnlyList<string> ValuesOf(object? value)
        {
            object? raw = value is PSObject ps ? ps.BaseObject : value;
            if (raw is string s) return new[] { s };
            if (raw is IEnumerable many)
                return many.Cast<object?>().Select(v => Convert.ToString(v is PSObject p ? p.BaseObject : v, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
            return new[] { Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty };
        }
    }
}
