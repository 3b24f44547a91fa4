using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Binds -Provider as a list of providers, each value on its own: names (any case), wildcards (* or Run*), and
    /// TaskRunProvider values. PowerShell's own enum conversion would OR several values into one (Anchor,Deck became Deck);
    /// here every value is converted separately and a value that names no provider is refused. A deserialized TaskRunProvider
    /// (the Provider of runs from Import-Clixml) counts by its name.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ProviderNameTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc/>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var providers = new List<TaskRunProvider>();
            foreach (object? value in Flatten(inputData))
            {
                foreach (TaskRunProvider provider in Providers(value))
                    if (!providers.Contains(provider)) providers.Add(provider);
            }
            return providers.ToArray();
        }

        private static IEnumerable<object?> Flatten(object? input)
        {
            // A deserialized TaskRunProvider (Import-Clixml, a job's output) is its number with the name as its text.
            if (input is PSObject deserialized && deserialized.TypeNames.Contains("Deserialized." + typeof(TaskRunProvider).FullName))
            {
                yield return deserialized.ToString();
                yield break;
            }
            object? raw = input is PSObject ps ? ps.BaseObject : input;
            if (raw is string || raw is null || raw is not IEnumerable many)
            {
                yield return raw;
                yield break;
            }
            foreach (object? item in many)
                foreach (object? inner in Flatten(item)) yield return inner;
        }

        private static IEnumerable<TaskRunProvider> Providers(object? value)
        {
            if (value is TaskRunProvider provider && Enum.IsDefined(typeof(TaskRunProvider), provider)) return new[] { provider };
            string text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
            string[] names = Enum.GetNames(typeof(TaskRunProvider));
            if (WildcardPattern.ContainsWildcardCharacters(text))
            {
                var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                TaskRunProvider[] matched = names.Where(pattern.IsMatch).Select(n => (TaskRunProvider)Enum.Parse(typeof(TaskRunProvider), n)).ToArray();
                if (matched.Length > 0) return matched;
            }
            else
            {
                string? name = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (name != null) return new[] { (TaskRunProvider)Enum.Parse(typeof(TaskRunProvider), name) };
            }
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a provider. Use {string.Join(", ", names)}, or a wildcard such as *.");
        }
    }
}
