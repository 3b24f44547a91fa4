using System;

namespace TaskRuns.Providers
{
    /// <summary>
    /// One filter a provider's list endpoint honours, as data: the Get-TaskRun parameter that sets it (null when only
    /// -Filter @{ key = … } does), its wire name, whether it takes several values, and the check of each value.
    /// The table of these drives validation, the UnsupportedFilter text and Get-TaskRunProvider's Filters.
    /// </summary>
    internal sealed class ProviderFilter
    {
        private ProviderFilter(string? parameter, string wireName, bool many, string? errorId, Func<string, string?>? problem)
        {
            Parameter = parameter;
            WireName = wireName;
            Many = many;
            ErrorId = errorId;
            Problem = problem;
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

        /// <summary>How Get-TaskRunProvider lists it: the parameter name, or Filter(key).</summary>
        public string DisplayName => Parameter ?? $"Filter({WireName})";

        /// <summary>What the user typed: "-SortBy", or "-Filter key 'x'".</summary>
        public string Describe() => Parameter != null ? "-" + Parameter : $"-Filter key '{WireName}'";

        /// <summary>A filter with a parameter of its own.</summary>
        public static ProviderFilter ByParameter(string parameter, string wireName, bool many = false, string? errorId = null, Func<string, string?>? problem = null) =>
            new(parameter, wireName, many, errorId, problem);

        /// <summary>A filter given only as a -Filter key.</summary>
        public static ProviderFilter ByKey(string wireName, string? errorId = null, Func<string, string?>? problem = null) =>
            new(null, wireName, many: false, errorId, problem);

        /// <summary>A check that allows only <paramref name="allowed"/> (ordinal, or ignoring case).</summary>
        public static Func<string, string?> OneOf(string parameter, string[] allowed, bool ignoreCase = false) =>
            value => Array.Exists(allowed, a => string.Equals(a, value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                ? null
                : $"{parameter} must be one of {string.Join(", ", allowed)}, not '{value}'.";
    }
}
