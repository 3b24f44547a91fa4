using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>What to list: the task, the filters and sort options, independent of any wire format.</summary>
    internal sealed class TaskRunQuery
    {
        public TaskRunProvider Provider { get; set; }

        /// <summary>The provider's task key; null lists across tasks where the provider can.</summary>
        public string? TaskId { get; set; }

        /// <summary>Statuses as the user typed them: provider values or TaskRunStatus names.</summary>
        public IReadOnlyList<string> Status { get; set; } = Array.Empty<string>();

        public DateTimeOffset? Since { get; set; }
        public DateTimeOffset? Until { get; set; }

        /// <summary>Anchor: task version filter.</summary>
        public string? Version { get; set; }

        /// <summary>Free-text search (RunWisp, Deck) or workflow name (BrowserAct).</summary>
        public string? Search { get; set; }

        /// <summary>Provider-specific filters by wire name (Deck agent_id, source_id…; RunWisp sort_field…), each with one or more values.</summary>
        public IDictionary<string, IReadOnlyList<string>> Extra { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        public string? ExtraValue(string key) => Extra.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

        /// <summary>A canonical text of every filter, for the page token's filter hash.</summary>
        public string Canonical()
        {
            var text = new StringBuilder();
            text.Append(Provider).Append('|').Append(TaskId).Append('|');
            text.Append(string.Join(",", Status.Select(s => s.ToLowerInvariant()).OrderBy(s => s, StringComparer.Ordinal))).Append('|');
            text.Append(Since?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)).Append('|');
            text.Append(Until?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)).Append('|');
            text.Append(Version).Append('|').Append(Search);
            foreach (var pair in Extra) text.Append('|').Append(pair.Key).Append('=').Append(string.Join(",", pair.Value));
            return text.ToString();
        }
    }
}
