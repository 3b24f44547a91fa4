using System;
using System.Collections.Generic;
using System.Linq;

namespace TaskRuns.Providers
{
    /// <summary>
    /// Provider filters travel under their wire names (TaskRunQuery.Extra); an error about one names what the user
    /// typed: the dedicated parameter (-SortBy) when there is one, else the -Filter key.
    /// </summary>
    internal static class FilterNames
    {
        // Deck's wire names of the filters with a parameter of their own (RunWisp's and BrowserAct's live in their adapters).
        public const string Outcome = "outcome";
        public const string SourceId = "source_id";
        public const string AgentId = "agent_id";
        public const string CredentialId = "credential_id";

        private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
        {
            [RunWisp.RunWispProvider.SortField] = "-SortBy",
            [RunWisp.RunWispProvider.SortDirection] = "-SortDirection",
            [BrowserAct.BrowserActProvider.WorkflowName] = "-WorkflowName",
            [Outcome] = "-Outcome",
            [SourceId] = "-SourceId",
            [AgentId] = "-AgentId",
            [CredentialId] = "-CredentialId",
        };

        /// <summary>"-SortBy" for sort_field, "-Filter key 'x'" for a key with no parameter of its own.</summary>
        public static string Describe(string wireName) =>
            Parameters.TryGetValue(wireName, out string? parameter) ? parameter : $"-Filter key '{wireName}'";

        /// <summary>The UnsupportedFilter error for a filter the provider does not have, listing the ones it has.</summary>
        public static TaskRunInputException Unsupported(Model.TaskRunProvider provider, string wireName, IEnumerable<string> supported)
        {
            string has = string.Join(", ", supported.Select(Describe));
            return new TaskRunInputException(provider, "UnsupportedFilter",
                $"{Describe(wireName)} is not available for {provider}" + (has.Length == 0 ? "." : $" (it has {has})."), wireName);
        }
    }
}
