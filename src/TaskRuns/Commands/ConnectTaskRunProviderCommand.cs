using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Stores a provider's API key (or RunWisp password) and base URI for the rest of the session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "TaskRunProvider")]
    [OutputType(typeof(TaskRunProviderInfo))]
    public sealed class ConnectTaskRunProviderCommand : PSCmdlet
    {
        // Stored as int: PowerShell loads every public type of TaskRuns.dll (GetExportedTypes) before the module initializer
        // runs, and an enum field would force TaskRuns.Engine to load before its resolver is registered.
        private int _provider;

        /// <summary>The provider to connect.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public TaskRunProvider Provider { get => (TaskRunProvider)_provider; set => _provider = (int)value; }

        /// <summary>The API key (Anchor, Deck, BrowserAct).</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The RunWisp password (the user name is ignored).</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>The API root for this provider (e.g. a self-hosted RunWisp, or the emulator).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Allow sending the key over plain http to a host that is not loopback.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>Output the provider's connection information.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Guid runspace = Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
            ProviderDescriptor descriptor = ProviderRegistry.Get(Provider).Descriptor;
            ApiCredential? credential = ApiKey != null ? new ApiCredential(ApiKey) : Credential != null ? new ApiCredential(Credential.Password, Credential.UserName) : null;
            SessionConnection? previous = SessionConnections.Get(runspace, Provider);
            SessionConnections.Set(runspace, Provider, new SessionConnection(BaseUri, credential, AllowInsecureHttp.IsPresent));
            try
            {
                // Same checks as every command: a usable URI, a key from somewhere, no key over plain http to a remote host.
                ConnectionResolver.Resolve(descriptor, runspace, null, null, null, false);
            }
            catch (TaskRunInputException e)
            {
                if (previous is null) SessionConnections.Remove(runspace, Provider);
                else SessionConnections.Set(runspace, Provider, previous);
                ThrowTerminatingError(ErrorRecordFactory.From(e, Provider));
            }
            WriteVerbose($"{Provider}: connection stored for this session.");
            if (PassThru.IsPresent) WriteObject(ProviderInfoFactory.Describe(descriptor, runspace));
        }
    }
}
