using System.Management.Automation;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the providers with their paging style, limits, filters and how this session connects to them (never the key).</para>
    /// </summary>
    /// <parameter name="Provider">The providers to describe; all when omitted. Binds from the Provider (or Name) property of piped objects.</parameter>
    [Cmdlet(VerbsCommon.Get, "TaskRunProvider")]
    [OutputType(typeof(TaskRunProviderInfo))]
    public sealed class GetTaskRunProviderCommand : TaskRunProviderSessionCommandBase
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (TaskRunProvider provider in ChosenProviders)
            {
                ProviderDescriptor descriptor = ProviderRegistry.Get(provider).Descriptor;
                TaskRunProviderInfo info = ProviderInfoFactory.Describe(descriptor, RunspaceId);
                if (info.BaseUriSource == ProviderInfoFactory.InvalidEnvironment)
                    WriteWarning($"{provider}: the environment variable {descriptor.BaseUriVariable} is not an absolute URI; every {provider} command refuses it (InvalidBaseUri) until it is fixed, removed, or overridden by -BaseUri or Connect-TaskRunProvider.");
                WriteObject(info);
            }
        }
    }
}
