using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns.Completion
{
    /// <summary>Shared pieces for completers: the word typed (quotes trimmed), matching, quoting, and the -Provider already typed.</summary>
    internal static class CompletionText
    {
        public static WildcardPattern Pattern(string wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        }

        public static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '$', '`', '\'', '"', '(', ')', '{', '}', ';', ',', '@', '#', '&', '|', '<', '>' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;

        /// <summary>The one provider typed after -Provider; null when none or several.</summary>
        public static TaskRunProvider? Provider(IDictionary fakeBoundParameters)
        {
            IReadOnlyList<TaskRunProvider> providers = Providers(fakeBoundParameters);
            return providers.Count == 1 ? providers[0] : null;
        }

        /// <summary>Every provider typed after -Provider (names, wildcards, several values); empty when none.</summary>
        public static IReadOnlyList<TaskRunProvider> Providers(IDictionary fakeBoundParameters)
        {
            if (!fakeBoundParameters.Contains("Provider")) return Array.Empty<TaskRunProvider>();
            object? value = fakeBoundParameters["Provider"];
            var found = new List<TaskRunProvider>();
            foreach (object? item in value is PSObject ps && ps.BaseObject is not string ? new[] { ps.BaseObject } : new[] { value })
                Collect(item, found);
            return found;
        }

        private static void Collect(object? value, List<TaskRunProvider> found)
        {
            if (value is PSObject ps) value = ps.BaseObject;
            if (value is TaskRunProvider p)
            {
                if (!found.Contains(p)) found.Add(p);
                return;
            }
            if (value is IEnumerable many && value is not string)
            {
                foreach (object? item in many) Collect(item, found);
                return;
            }
            string text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim('\'', '"', ' ') ?? string.Empty;
            var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            foreach (TaskRunProvider provider in (TaskRunProvider[])Enum.GetValues(typeof(TaskRunProvider)))
                if (pattern.IsMatch(provider.ToString()) && !found.Contains(provider)) found.Add(provider);
        }

        public static T? Bound<T>(IDictionary fakeBoundParameters, string name) where T : class
        {
            if (!fakeBoundParameters.Contains(name)) return null;
            object? value = fakeBoundParameters[name];
            if (value is PSObject ps) value = ps.BaseObject;
            return value as T;
        }
    }
}
