using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the key and base URI stored by Connect-TaskRunProvider.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "TaskRunProvider")]
    [OutputType(typeof(void))]
    public sealed class DisconnectTaskRunProviderCommand : PSCmdlet
    {
        /// <summary>The providers whose stored connection to forget; all when omitted. Commands then fall back to the environment variables and the public default URIs.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [PSDefaultValue(Help = "All providers")]
        public TaskRunProvider[]? Provider { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Guid runspace = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
            foreach (TaskRunProvider provider in Provider ?? (TaskRunProvider[])Enum.GetValues(typeof(TaskRunProvider)))
            {
                if (SessionConnections.Remove(runspace, provider)) WriteVerbose($"{provider}: stored connection forgotten.");
            }
        }
    }
}
