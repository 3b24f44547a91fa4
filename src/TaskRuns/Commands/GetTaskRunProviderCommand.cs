using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the providers with their paging style, limits, filters and how this session connects to them (never the key).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TaskRunProvider")]
    [OutputType(typeof(TaskRunProviderInfo))]
    public sealed class GetTaskRunProviderCommand : PSCmdlet
    {
        /// <summary>The providers to describe; all when omitted. Binds from the Provider (or Name) property of piped objects.</summary>
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
                ProviderDescriptor descriptor = ProviderRegistry.Get(provider).Descriptor;
                TaskRunProviderInfo info = ProviderInfoFactory.Describe(descriptor, runspace);
                if (info.BaseUriSource == ProviderInfoFactory.InvalidEnvironment)
                    WriteWarning($"{provider}: the environment variable {descriptor.BaseUriVariable} is not an absolute URI; every {provider} command refuses it (InvalidBaseUri) until it is fixed, removed, or overridden by -BaseUri or Connect-TaskRunProvider.");
                WriteObject(info);
            }
        }
    }
}
