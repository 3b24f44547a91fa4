using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>What to list, as the user said it: no wire names. Each provider's <see cref="ITaskRunProvider.Prepare"/> turns it into a <see cref="PreparedQuery"/>.</summary>
    internal sealed class TaskRunQuery
    {
        public TaskRunProvider Provider { get; set; }

        /// <summary>The provider's task key; null lists across tasks where the provider can.</summary>
        public string? TaskId { get; set; }

        /// <summary>Statuses as the user typed them: provider values or TaskRunStatus names.</summary>
        public IReadOnlyList<string> Status { get; set; } = Array.Empty<string>();

        public DateTimeOffset? Since { get; set; }
        public DateTimeOffset? Until { get; set; }

        /// <summary>-Version (Anchor).</summary>
        public string? Version { get; set; }

        /// <summary>-Search (RunWisp, Deck).</summary>
        public string? Search { get; set; }

        /// <summary>Provider filter parameters by their PowerShell name (WorkflowName, Outcome, SortBy…), each with one or more values.</summary>
        public IDictionary<string, IReadOnlyList<string>> Parameters { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>-Filter @{ key = value }: filters by the provider's wire name.</summary>
        public IDictionary<string, IReadOnlyList<string>> FilterKeys { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
    }
}
