using System.Management.Automation;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the key and base URI stored by Connect-TaskRunProvider.</para>
    /// </summary>
    /// <parameter name="Provider">The providers whose stored connection to forget; all when omitted. Commands then fall back to the environment variables and the public default URIs.</parameter>
    [Cmdlet(VerbsCommunications.Disconnect, "TaskRunProvider")]
    [OutputType(typeof(void))]
    public sealed class DisconnectTaskRunProviderCommand : TaskRunProviderSessionCommandBase
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (TaskRunProvider provider in ChosenProviders)
            {
                if (SessionConnections.Remove(RunspaceId, provider)) WriteVerbose($"{provider}: stored connection forgotten.");
            }
        }
    }
}
