using System;
using System.Collections.Generic;
using System.Linq;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// A provider's filters (beyond -TaskId, -Status, -Since and -Until, which every provider has). Resolves a query's
    /// filters to wire names, refusing one the provider does not have (UnsupportedFilter) or a value its check refuses.
    /// </summary>
    internal sealed class FilterTable
    {
        /// <summary>The filters every provider honours, listed first by Get-TaskRunProvider.</summary>
        private static readonly string[] Universal = { "TaskId", "Status", "Since", "Until" };

        private readonly ProviderFilter[] _filters;

        public FilterTable(params ProviderFilter[] filters) => _filters = filters;

        public IReadOnlyList<ProviderFilter> Filters => _filters;

        /// <summary>The names Get-TaskRunProvider shows: the universal ones, then the table's.</summary>
        public IReadOnlyList<string> DisplayNames => Universal.Concat(_filters.Select(f => f.DisplayName)).ToArray();

        public ProviderFilter? ByParameter(string parameter) =>
            _filters.FirstOrDefault(f => string.Equals(f.Parameter, parameter, StringComparison.OrdinalIgnoreCase));

        public ProviderFilter? ByWireName(string wireName) => _filters.FirstOrDefault(f => string.Equals(f.WireName, wireName, StringComparison.Ordinal));

        /// <summary>
        /// The query's filters by wire name, checked. A typed field (-Version, -Search) the provider lacks names its value;
        /// a provider parameter names its wire key (as other providers spell it); a -Filter key names itself.
        /// Dedicated parameters win over a -Filter key of the same wire name.
        /// </summary>
        public SortedDictionary<string, IReadOnlyList<string>> Resolve(TaskRunProvider provider, TaskRunQuery query)
        {
            var wire = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            Typed(provider, wire, "Version", query.Version);
            Typed(provider, wire, "Search", query.Search);
            foreach (var pair in query.FilterKeys)
            {
                ProviderFilter filter = ByWireName(pair.Key) ?? throw Unsupported(provider, $"-Filter key '{pair.Key}'", pair.Key);
                wire[filter.WireName] = pair.Value;
            }
            foreach (var pair in query.Parameters)
            {
                ProviderFilter filter = ByParameter(pair.Key) ?? throw Unsupported(provider, "-" + pair.Key, WireNameElsewhere(pair.Key) ?? pair.Key);
                wire[filter.WireName] = pair.Value;
            }
            foreach (var pair in wire) Check(provider, ByWireName(pair.Key)!, pair.Value);
            return wire;
        }

        private void Typed(TaskRunProvider provider, IDictionary<string, IReadOnlyList<string>> wire, string parameter, string? value)
        {
            if (value is null) return;
            ProviderFilter filter = ByParameter(parameter) ?? throw Unsupported(provider, "-" + parameter, value);
            wire[filter.WireName] = new[] { value };
        }

        private static void Check(TaskRunProvider provider, ProviderFilter filter, IReadOnlyList<string> values)
        {
            if (filter.Problem is null) return;
            foreach (string value in filter.Many ? values : values.Take(1))
                if (filter.Problem(value) is string problem)
                    throw new TaskRunInputException(provider, filter.ErrorId ?? "InvalidFilter", problem, value);
        }

        private TaskRunInputException Unsupported(TaskRunProvider provider, string typed, object target)
        {
            string has = string.Join(", ", _filters.Select(f => f.Describe()));
            return new TaskRunInputException(provider, "UnsupportedFilter",
                $"{typed} is not available for {provider}" + (has.Length == 0 ? "." : $" (it has {has})."), target);
        }

        /// <summary>The wire name another provider gives this parameter (the error's target names the filter that way).</summary>
        private static string? WireNameElsewhere(string parameter) =>
            ProviderRegistry.All.Select(p => p.Descriptor.FilterTable.ByParameter(parameter)?.WireName).FirstOrDefault(w => w != null);
    }
}
