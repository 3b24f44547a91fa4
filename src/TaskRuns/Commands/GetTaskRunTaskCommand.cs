using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the tasks (RunWisp tasks, Anchor tasks, Deck tasks, BrowserAct workflows) whose runs can be listed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRunTask")]
    [OutputType(typeof(TaskRunTask))]
    public sealed class GetTaskRunTaskCommand : TaskRunCommandBase
    {
        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() => RunForInputAsync(async () =>
        {
            var client = ClientFor(Provider);
            foreach (TaskRunTask task in await Adapter.ListTasksAsync(client, StopToken).ConfigureAwait(false)) Emit(task);
        }, Provider);
    }
}
