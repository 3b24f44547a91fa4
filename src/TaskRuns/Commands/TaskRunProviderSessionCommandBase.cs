using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// A cmdlet about the providers themselves as this session sees them, sending no request (Get-TaskRunProvider,
    /// Disconnect-TaskRunProvider): -Provider names some, every provider when omitted. Each cmdlet words -Provider for
    /// itself with a &lt;parameter name="Provider"&gt; element in its doc comment (the help generator reads it).
    /// </summary>
    public abstract class TaskRunProviderSessionCommandBase : PSCmdlet
    {
        /// <summary>The providers; all when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [PSDefaultValue(Help = "All providers")]
        public TaskRunProvider[]? Provider { get; set; }

        /// <summary>The providers of the current input: those given, else every provider.</summary>
        internal IEnumerable<TaskRunProvider> ChosenProviders => Provider ?? (TaskRunProvider[])Enum.GetValues(typeof(TaskRunProvider));

        /// <summary>Whose stored connections apply: the runspace this command runs in.</summary>
        internal static Guid RunspaceId => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
    }
}
