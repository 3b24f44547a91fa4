using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Completion
{
    /// <summary>Completes -Status with the chosen provider's own values, then the normalised TaskRunStatus names.</summary>
    public sealed class StatusCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            TaskRunProvider? provider = CompletionText.Provider(fakeBoundParameters);
            IEnumerable<string> own = provider is TaskRunProvider p
                ? ProviderRegistry.Get(p).Descriptor.StatusValues
                : ProviderRegistry.All.SelectMany(a => a.Descriptor.StatusValues).Distinct(StringComparer.OrdinalIgnoreCase);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string value in own.Concat(Enum.GetNames(typeof(TaskRunStatus))))
            {
                if (!pattern.IsMatch(value) || !seen.Add(value)) continue;
                string tooltip = Enum.TryParse(value, false, out TaskRunStatus _) && !char.IsLower(value[0])
                    ? $"{value} (normalised status)"
                    : $"{value} ({(provider?.ToString() ?? "provider")} status)";
                yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, tooltip);
            }
        }
    }
}
