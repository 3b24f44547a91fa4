using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// A cmdlet that can talk to several providers at once (Get-TaskRun, Get-TaskRunTask, Get-TaskRunPage): -Provider takes
    /// several names or wildcards, and without it every provider with a credential is used. <c>Clients.Select(Provider)</c>
    /// is the one place that decides which.
    /// </summary>
    public abstract class TaskRunProvidersCommandBase : TaskRunConnectionCommandBase
    {
        /// <summary>
        /// The providers to talk to: Anchor, RunWisp, Deck, BrowserAct, several of them (Anchor,Deck) or a wildcard (*). Without it: every
        /// provider that has a credential from a parameter, Connect-TaskRunProvider or its environment variable (-Verbose says which).
        /// Binds from the Provider property of piped objects (from Get-TaskRunTask, for example).
        /// </summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ProviderNameTransformation]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public TaskRunProvider[]? Provider { get; set; }
    }
}
