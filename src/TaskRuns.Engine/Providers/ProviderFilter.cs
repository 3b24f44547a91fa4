using System;
using System.Collections.Generic;
using System.Linq;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// One filter a provider's list endpoint honours, as data: the Get-TaskRun parameter that sets it (null when only
    /// -Filter @{ key = … } does), its wire name, whether it takes several values, and the check of each value.
    /// The table of these drives validation, the UnsupportedFilter text and Get-TaskRunProvider's Filters.
    /// </summary>
    internal sealed class ProviderFilter
    {
        private ProviderFilter(string? parameter, string wireName, bool many, string? errorId, Func<string, string?>? problem, Func<TaskRun, IReadOnlyList<string>, bool>? runCheck)
        {
            Parameter = parameter;
            WireName = wireName;
            Many = many;
            ErrorId = errorId;
            Problem = problem;
            RunCheck = runCheck;
        }

        /// <summary>The Get-TaskRun parameter (without '-'), or null for a key given only through -Filter.</summary>
        public string? Parameter { get; }

        /// <summary>The query parameter the provider's API takes.</summary>
        public string WireName { get; }

        /// <summary>True when every value is sent; otherwise only the first.</summary>
        public bool Many { get; }

        /// <summary>The error id of a value the check refuses.</summary>
        public string? ErrorId { get; }

        /// <summary>Why a value is refused (the error text), or null when it is fine.</summary>
        public Func<string, string?>? Problem { get; }

        /// <summary>
        /// Whether one run matches the filter's values, as the server would decide it: for runs the server did not filter
        /// (a provider's push feed or events, followed with -Follow). Null when a run alone cannot tell (the provider's
        /// feed then cannot be followed with this filter).
        /// </summary>
        public Func<TaskRun, IReadOnlyList<string>, bool>? RunCheck { get; }

        /// <summary>How Get-TaskRunProvider lists it: the parameter name, or Filter(key).</summary>
        public string DisplayName => Parameter ?? $"Filter({WireName})";

        /// <summary>What the user typed: "-SortBy", or "-Filter key 'x'".</summary>
        public string Describe() => Parameter != null ? "-" + Parameter : $"-Filter key '{WireName}'";

        /// <summary>A filter with a parameter of its own.</summary>
        public static ProviderFilter ByParameter(string parameter, string wireName, bool many = false, string? errorId = null, Func<string, string?>? problem = null,
            Func<TaskRun, IReadOnlyList<string>, bool>? runCheck = null) =>
            new(parameter, wireName, many, errorId, problem, runCheck);

        /// <summary>A filter given only as a -Filter key.</summary>
        public static ProviderFilter ByKey(string wireName, string? errorId = null, Func<string, string?>? problem = null,
            Func<TaskRun, IReadOnlyList<string>, bool>? runCheck = null) =>
            new(null, wireName, many: false, errorId, problem, runCheck);

        /// <summary>The run check of a filter that only orders a listing (every run matches).</summary>
        public static bool OrdersOnly(TaskRun run, IReadOnlyList<string> values) => true;

        /// <summary>A run check: the run's value (from <paramref name="field"/>) is one of the filter's values (ordinal, or ignoring case).</summary>
        public static Func<TaskRun, IReadOnlyList<string>, bool> FieldIn(Func<TaskRun, string?> field, bool ignoreCase = false) =>
            (run, values) => field(run) is string value
                && values.Any(v => string.Equals(v, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

        /// <summary>A check that allows only <paramref name="allowed"/> (ordinal, or ignoring case).</summary>
        public static Func<string, string?> OneOf(string parameter, string[] allowed, bool ignoreCase = false) =>
            value => Array.Exists(allowed, a => string.Equals(a, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                ? null
                : $"{parameter} must be one of {string.Join(", ", allowed)}, not '{value}'.";
    }
}
