using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using TaskRuns.Completion;
using TaskRuns.Providers;
using TaskRuns.Providers.BrowserAct;
using TaskRuns.Providers.RunWisp;

namespace TaskRuns.Commands
{
    /// <summary>
    /// The listing filters shared by Get-TaskRun and Get-TaskRunPage. Each provider honours the ones its API has;
    /// a filter the chosen provider cannot honour is an UnsupportedFilter error, never silently ignored.
    /// </summary>
    public abstract class TaskRunQueryCommandBase : TaskRunCommandBase
    {
        /// <summary>Parameter set of the listing parameters.</summary>
        protected const string ListSet = "List";

        /// <summary>The provider's task key: Anchor task id, RunWisp task name, Deck task_id, BrowserAct workflow_id.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>Only runs with these statuses: the provider's own values or TaskRunStatus names (Success, Failure, Running…).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StatusCompleter))]
        public string[]? Status { get; set; }

        /// <summary>Only runs created at or after this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("After", "CreatedAfter")]
        public DateTime? Since { get; set; }

        /// <summary>Only runs created at or before this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("Before", "CreatedBefore")]
        public DateTime? Until { get; set; }

        /// <summary>Anchor: only executions of this task version (draft, latest or a number).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>RunWisp and Deck: free-text search (task name or run id).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Search { get; set; }

        /// <summary>BrowserAct: only tasks of workflows whose name contains this text (case-insensitive).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? WorkflowName { get; set; }

        /// <summary>Deck: only runs with these results (success, failure, unknown).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("success", "failure", "unknown")]
        public string[]? Outcome { get; set; }

        /// <summary>Deck: only runs against these sources (src_…).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SourceId { get; set; }

        /// <summary>Deck: only runs of this agent (agt_…).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? AgentId { get; set; }

        /// <summary>Deck: only runs that used this credential (cred_…).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? CredentialId { get; set; }

        /// <summary>RunWisp: sort field (task_name, status, start_at, exit_code, duration, created_at). Default created_at.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("task_name", "status", "start_at", "exit_code", "duration", "created_at")]
        public string? SortBy { get; set; }

        /// <summary>RunWisp: sort direction (asc or desc). Default desc.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("asc", "desc")]
        public string? SortDirection { get; set; }

        /// <summary>Any other provider filter by its wire name, e.g. @{ workflow_id = 'wf_1' } for Deck or @{ task_name = 'etl' } for RunWisp.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        internal TaskRunQuery BuildQuery()
        {
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
            if (Filter != null)
            {
                foreach (DictionaryEntry entry in Filter)
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    query.Extra[key] = ValuesOf(entry.Value);
                }
            }
            Add(query, BrowserActProvider.WorkflowName, WorkflowName);
            Add(query, "outcome", Outcome);
            Add(query, "source_id", SourceId);
            Add(query, "agent_id", AgentId);
            Add(query, "credential_id", CredentialId);
            Add(query, RunWispProvider.SortField, SortBy);
            Add(query, RunWispProvider.SortDirection, SortDirection);
            if (query.Since > query.Until)
                throw new TaskRunInputException(Provider, "InvalidDateRange", "-Since is later than -Until.", Since);
            return query;
        }

        private static void Add(TaskRunQuery query, string key, params string?[]? values)
        {
            if (values is null || values.Length == 0 || values.All(v => v is null)) return;
            query.Extra[key] = values.Where(v => v != null).Select(v => v!).ToArray();
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
