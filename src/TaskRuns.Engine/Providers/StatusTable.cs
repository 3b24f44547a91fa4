using System;
using System.Collections.Generic;
using System.Linq;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// A provider's statuses as data: each raw value, the <see cref="TaskRunStatus"/> it means, whether it is terminal,
    /// and whether the server's status filter on it expresses that TaskRunStatus exactly (then -Status Name goes to the server).
    /// </summary>
    internal sealed class StatusTable
    {
        private readonly StatusRow[] _rows;

        public StatusTable(params StatusRow[] rows)
        {
            _rows = rows;
            Values = rows.Select(r => r.Raw).ToArray();
        }

        /// <summary>The provider's own values, in the table's order.</summary>
        public IReadOnlyList<string> Values { get; }

        public StatusRow? Find(string? raw)
        {
            if (raw is null) return null;
            foreach (StatusRow row in _rows) if (string.Equals(row.Raw, raw, StringComparison.OrdinalIgnoreCase)) return row;
            return null;
        }

        public TaskRunStatus Normalise(string? raw) => Find(raw)?.Normalised ?? TaskRunStatus.Unknown;

        public bool IsTerminal(string? raw) => Find(raw)?.Terminal ?? false;

        /// <summary>The server values that express <paramref name="status"/> exactly; null when none does.</summary>
        public IReadOnlyList<string>? ServerValues(TaskRunStatus status)
        {
            string[] values = _rows.Where(r => r.ServerFilterable && r.Normalised == status).Select(r => r.SentAs).Distinct(StringComparer.Ordinal).ToArray();
            return values.Length == 0 ? null : values;
        }

        /// <summary>How the server spells a raw value (an older spelling is sent as the current one).</summary>
        public string SentAs(string raw) => Find(raw)?.SentAs ?? raw;

        public StatusFilter Resolve(TaskRunProvider provider, IReadOnlyList<string> values) => StatusFilter.Resolve(provider, values, Values);

        /// <summary>The server values for a resolved filter (each spelled as the server takes it), or null when some status has none.</summary>
        public IReadOnlyList<string>? ServerValues(StatusFilter filter) =>
            filter.ServerValues(Values, ServerValues)?.Select(SentAs).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>One row of a <see cref="StatusTable"/>.</summary>
    internal sealed class StatusRow
    {
        public StatusRow(string raw, TaskRunStatus normalised, bool terminal = false, bool serverFilterable = true, string? sentAs = null)
        {
            Raw = raw;
            Normalised = normalised;
            Terminal = terminal;
            ServerFilterable = serverFilterable;
            SentAs = sentAs ?? raw;
        }

        public string Raw { get; }
        public TaskRunStatus Normalised { get; }
        public bool Terminal { get; }
        public bool ServerFilterable { get; }
        public string SentAs { get; }
    }
}
