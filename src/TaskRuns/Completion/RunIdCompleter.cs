using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Completion
{
    /// <summary>
    /// Completes -Id with the provider's newest runs (of -TaskId when given; Anchor needs it), newest first, with status and
    /// creation time in the tooltip. One page, no cache (runs change); a slow or failing provider completes nothing.
    /// </summary>
    public sealed class RunIdCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            if (CompletionText.Provider(fakeBoundParameters) is not TaskRunProvider provider) return Array.Empty<CompletionResult>();
            WildcardPattern pattern = CompletionText.Pattern(wordToComplete);
            return Lookup(provider, fakeBoundParameters)
                .Where(run => pattern.IsMatch(run.Id))
                .OrderByDescending(run => run.CreatedAt ?? DateTimeOffset.MinValue)
                .Select(run => new CompletionResult(CompletionText.Quote(run.Id), run.Id, CompletionResultType.ParameterValue, Tooltip(run)))
                .ToList();
        }

        private static string Tooltip(TaskRun run) =>
            $"{run.Status} ({run.ProviderStatus})" +
            (run.TaskId is null ? "" : $", task {run.TaskId}") +
            (run.CreatedAt is DateTimeOffset created ? $", created {created.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}" : "");

        private static IReadOnlyList<TaskRun> Lookup(TaskRunProvider provider, IDictionary bound)
        {
            try
            {
                ITaskRunProvider adapter = ProviderRegistry.Get(provider);
                ApiClient client = CompletionClient.For(adapter, bound);
                PreparedQuery query = adapter.Prepare(new TaskRunQuery { Provider = provider, TaskId = CompletionText.Bound<string>(bound, "TaskId") });
                using var timeout = new CancellationTokenSource(CompletionClient.LookupTimeout);
                ProviderPage page = adapter.ListPageAsync(client, query, PagePosition.First(adapter.Descriptor.PagingStyle), adapter.Descriptor.DefaultPageSize, timeout.Token)
                    .GetAwaiter().GetResult();
                return page.Items;
            }
            catch (Exception)
            {
                // Completion must never disturb the console: no key, no task for Anchor, a slow server — complete nothing.
                return Array.Empty<TaskRun>();
            }
        }
    }
}
