using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// The statuses a user asked for, resolved against one provider: each value is either one of the provider's own
    /// values or a TaskRunStatus name. Knows which server-side values express it and whether a client-side check is still needed.
    /// </summary>
    internal sealed class StatusFilter
    {
        private readonly HashSet<string> _raw = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<TaskRunStatus> _normalised = new();

        private StatusFilter() { }

        public bool IsEmpty => _raw.Count == 0 && _normalised.Count == 0;

        public IReadOnlyCollection<string> RawValues => _raw;
        public IReadOnlyCollection<TaskRunStatus> NormalisedValues => _normalised;

        /// <summary>Resolves user values; a value that is neither a provider value nor a TaskRunStatus name is an input error.</summary>
        public static StatusFilter Resolve(TaskRunProvider provider, IReadOnlyList<string> values, IReadOnlyCollection<string> providerValues)
        {
            var filter = new StatusFilter();
            foreach (string value in values)
            {
                string v = value.Trim();
                if (Contains(providerValues, v)) filter._raw.Add(v);
                else if (Enum.TryParse(v, ignoreCase: true, out TaskRunStatus status) && !int.TryParse(v, out _)) filter._normalised.Add(status);
                else
                {
                    throw new TaskRunInputException(provider, "InvalidStatus",
                        $"'{value}' is not a status. Use one of {string.Join(", ", providerValues)} or a TaskRunStatus name ({string.Join(", ", Enum.GetNames(typeof(TaskRunStatus)))}).",
                        value);
                }
            }
            return filter;
        }

        public bool Matches(TaskRun run) =>
            IsEmpty || _normalised.Contains(run.Status) || _raw.Contains(run.ProviderStatus);

        /// <summary>True when one of the requested provider values is <paramref name="value"/> (another raw field than ProviderStatus).</summary>
        public bool MatchesRaw(string? value) => value != null && _raw.Contains(value);

        /// <summary>
        /// The provider values that express this filter exactly on the server, or null when some requested status has no
        /// exact server-side equivalent (then the filter is applied client-side).
        /// </summary>
        public IReadOnlyList<string>? ServerValues(IReadOnlyCollection<string> providerValues, Func<TaskRunStatus, IReadOnlyList<string>?> serverValuesFor)
        {
            var values = new List<string>();
            foreach (string raw in _raw)
            {
                foreach (string v in providerValues)
                    if (string.Equals(v, raw, StringComparison.OrdinalIgnoreCase) && !values.Contains(v)) values.Add(v);
            }
            foreach (TaskRunStatus status in _normalised)
            {
                IReadOnlyList<string>? mapped = serverValuesFor(status);
                if (mapped is null || mapped.Count == 0) return null;
                foreach (string v in mapped) if (!values.Contains(v)) values.Add(v);
            }
            return values;
        }

        private static bool Contains(IReadOnlyCollection<string> values, string value)
        {
            foreach (string v in values) if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
