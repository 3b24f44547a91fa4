using System.Collections.Generic;
using TaskRuns.Model;
using TaskRuns.Providers.Anchor;
using TaskRuns.Providers.BrowserAct;
using TaskRuns.Providers.Deck;
using TaskRuns.Providers.RunWisp;

namespace TaskRuns.Providers
{
    /// <summary>The one place providers are registered; adding a provider is one line here.</summary>
    internal static class ProviderRegistry
    {
        private static readonly Dictionary<TaskRunProvider, ITaskRunProvider> Providers = new()
        {
            [TaskRunProvider.Anchor] = new AnchorProvider(),
            [TaskRunProvider.RunWisp] = new RunWispProvider(),
            [TaskRunProvider.Deck] = new DeckProvider(),
            [TaskRunProvider.BrowserAct] = new BrowserActProvider(),
        };

        public static ITaskRunProvider Get(TaskRunProvider provider) =>
            Providers.TryGetValue(provider, out var adapter)
                ? adapter
                : throw new TaskRunInputException(provider, "ProviderNotAvailable", "this provider is not available in this version of TaskRuns.", provider,
                    System.Management.Automation.ErrorCategory.NotImplemented);

        public static IEnumerable<ITaskRunProvider> All => Providers.Values;
    }
}
