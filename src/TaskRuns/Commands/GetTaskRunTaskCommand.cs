using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the tasks (RunWisp tasks, Anchor tasks, Deck tasks, BrowserAct workflows) whose runs can be listed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRunTask")]
    [OutputType(typeof(TaskRunTask))]
    public sealed class GetTaskRunTaskCommand : TaskRunProvidersCommandBase
    {
        /// <summary>Several providers are asked at once; their tasks come out in provider order, and one that fails is one error naming it.</summary>
        protected override Task ProcessRecordAsync() => RunForInputAsync(async () =>
        {
            ProviderSelection selection = Clients.Select(Provider);
            var lists = selection.Chosen.Select(adapter => (adapter.Provider, Tasks: adapter.ListTasksAsync(Clients.ClientFor(adapter.Provider), StopToken))).ToArray();
            foreach (var (provider, tasks) in lists)
            {
                IReadOnlyList<TaskRunTask> found;
                try
                {
                    found = await tasks.ConfigureAwait(false);
                }
                catch (Exception e) when (!selection.IsSingle && ErrorRecordFactory.IsExpected(e))
                {
                    EmitError(ErrorRecordFactory.From(e, provider));
                    continue;
                }
                foreach (TaskRunTask task in found) Emit(task);
            }
        }, Provider);
    }
}
