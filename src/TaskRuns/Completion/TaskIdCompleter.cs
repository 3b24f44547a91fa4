using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Completion
{
    /// <summary>
    /// Completes -TaskId by asking the provider for its tasks (Anchor tasks, RunWisp tasks, Deck tasks, BrowserAct workflows).
    /// Answers are cached for a minute per provider and base URI; a slow or failing provider completes nothing and never
    /// writes an error to the console.
    /// </summary>
    public sealed class TaskIdCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);
        private static readonly ConcurrentDictionary<string, CachedTasks> Cache = new(StringComparer.Ordinal);

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IReadOnlyList<TaskRunProvider> providers = CompletionText.Providers(fakeBoundParameters);
            if (providers.Count == 0) return Array.Empty<CompletionResult>();
            // Several providers: asked at once (each within the lookup timeout), their tasks listed in provider order and named by provider.
            Guid runspace = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty; // worker threads have no default runspace
            var lookups = new System.Threading.Tasks.Task<IReadOnlyList<TaskRunTask>>[providers.Count];
            for (int i = 0; i < providers.Count; i++)
            {
                TaskRunProvider provider = providers[i];
                lookups[i] = System.Threading.Tasks.Task.Run(() => Lookup(provider, runspace, fakeBoundParameters));
            }
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            var results = new List<CompletionResult>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < providers.Count; i++)
            {
                foreach (TaskRunTask task in lookups[i].GetAwaiter().GetResult())
                {
                    if (!pattern.IsMatch(task.TaskId) && !(task.Name != null && pattern.IsMatch(task.Name))) continue;
                    if (!seen.Add(task.TaskId)) continue;
                    string list = task.Name is null || task.Name == task.TaskId ? task.TaskId : $"{task.TaskId} ({task.Name})";
                    if (providers.Count > 1) list = $"{providers[i]}: {list}";
                    results.Add(new CompletionResult(CompletionText.Quote(task.TaskId), list, CompletionResultType.ParameterValue, task.Name ?? task.TaskId));
                }
            }
            return results;
        }

        private static IReadOnlyList<TaskRunTask> Lookup(TaskRunProvider provider, Guid runspace, IDictionary bound)
        {
            try
            {
                ITaskRunProvider adapter = ProviderRegistry.Get(provider);
                ApiClient client = CompletionClient.For(adapter, bound, runspace);
                string key = provider + "|" + client.Connection.BaseUri.AbsoluteUri;
                if (Cache.TryGetValue(key, out CachedTasks? cached) && cached.Expires > DateTime.UtcNow) return cached.Tasks;

                using var timeout = new CancellationTokenSource(CompletionClient.LookupTimeout);
                IReadOnlyList<TaskRunTask> tasks = adapter.ListTasksAsync(client, timeout.Token).GetAwaiter().GetResult();
                Cache[key] = new CachedTasks(tasks, DateTime.UtcNow + CacheLifetime);
                return tasks;
            }
            catch (Exception)
            {
                // Completion must never disturb the console: no key, no network, a slow server — complete nothing.
                return Array.Empty<TaskRunTask>();
            }
        }

        private sealed class CachedTasks
        {
            public CachedTasks(IReadOnlyList<TaskRunTask> tasks, DateTime expires)
            {
                Tasks = tasks;
                Expires = expires;
            }

            public IReadOnlyList<TaskRunTask> Tasks { get; }
            public DateTime Expires { get; }
        }
    }
}
