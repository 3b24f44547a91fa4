using System;
using System.Collections;
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

        public static TaskRunProvider? Provider(IDictionary fakeBoundParameters)
        {
            if (!fakeBoundParameters.Contains("Provider")) return null;
            object? value = fakeBoundParameters["Provider"];
            if (value is PSObject ps) value = ps.BaseObject;
            if (value is TaskRunProvider p) return p;
            return Enum.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim('\'', '"'), true, out TaskRunProvider parsed) ? parsed : null;
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
