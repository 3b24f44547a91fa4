using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;
using System.Management.Automation;

namespace TaskRuns.Commands
{
    /// <summary>A cmdlet for one provider at a time: -Provider plus the connection parameters.</summary>
    public abstract class TaskRunCommandBase : TaskRunConnectionCommandBase
    {
        /// <summary>The provider to talk to.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get; set; }

        internal ITaskRunProvider Adapter => ProviderRegistry.Get(Provider);

        internal ApiClient CreateClient() => CreateClient(Provider);
    }
}
