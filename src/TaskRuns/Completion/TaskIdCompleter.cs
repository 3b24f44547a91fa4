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
            if (CompletionText.Provider(fakeBoundParameters) is not TaskRunProvider provider) return Array.Empty<CompletionResult>();
            IReadOnlyList<TaskRunTask> tasks = Lookup(provider, fakeBoundParameters);
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            var results = new List<CompletionResult>();
            foreach (TaskRunTask task in tasks)
            {
                if (!pattern.IsMatch(task.TaskId) && !(task.Name != null && pattern.IsMatch(task.Name))) continue;
                string list = task.Name is null || task.Name == task.TaskId ? task.TaskId : $"{task.TaskId} ({task.Name})";
                results.Add(new CompletionResult(CompletionText.Quote(task.TaskId), list, CompletionResultType.ParameterValue, task.Name ?? task.TaskId));
            }
            return results;
        }

        private static IReadOnlyList<TaskRunTask> Lookup(TaskRunProvider provider, IDictionary bound)
        {
            try
            {
                ITaskRunProvider adapter = ProviderRegistry.Get(provider);
                ApiClient client = CompletionClient.For(adapter, bound);
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
