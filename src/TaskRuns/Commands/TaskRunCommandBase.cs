using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;
using System.Management.Automation;

namespace TaskRuns.Commands
{
    /// <summary>A cmdlet for one provider at a time: -Provider plus the connection parameters.</summary>
    public abstract class TaskRunCommandBase : TaskRunConnectionCommandBase
    {
        // Stored as int: PowerShell loads every public type of TaskRuns.dll (GetExportedTypes) before the module initializer
        // runs, and an enum field would force TaskRuns.Engine to load before its resolver is registered.
        private int _provider;

        /// <summary>The provider to talk to: Anchor, RunWisp, Deck or BrowserAct. Binds from the Provider property of piped objects (from Get-TaskRunTask, for example).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get => (TaskRunProvider)_provider; set => _provider = (int)value; }

        internal ITaskRunProvider Adapter => ProviderRegistry.Get(Provider);

        internal ApiClient CreateClient() => CreateClient(Provider);
    }
}
