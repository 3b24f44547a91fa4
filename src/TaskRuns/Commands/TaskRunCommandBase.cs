using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;
using System.Management.Automation;

namespace TaskRuns.Commands
{
    /// <summary>A cmdlet for one provider at a time: -Provider plus the connection parameters.</summary>
    public abstract class TaskRunCommandBase : TaskRunConnectionCommandBase
    {
        /// <summary>The provider to talk to: Anchor, RunWisp, Deck or BrowserAct. Binds from the Provider property of piped objects (from Get-TaskRunTask, for example).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get; set; }

        internal ITaskRunProvider Adapter => ProviderRegistry.Get(Provider);

    }
}
