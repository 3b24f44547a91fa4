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
        /// <summary>The provider to store a connection for: Anchor, RunWisp, Deck or BrowserAct. A later call for the same provider replaces the stored connection.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public TaskRunProvider Provider { get; set; }

        /// <summary>The API key for Anchor, Deck or BrowserAct, as a SecureString. Used by every later command for this provider in this session that does not pass -ApiKey itself.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The RunWisp daemon password, as a PSCredential (the user name is ignored). Used by every later RunWisp command in this session that does not pass -Credential itself.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>The API root for this provider: a self-hosted RunWisp daemon, a proxy, or the emulator (Deck's includes /v2). When omitted, commands use the environment variable, then the public default.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Allows later commands to send the key or password over plain http:// to a host that is not loopback. Use it only on a trusted network.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>Outputs the provider's TaskRunProviderInfo (as Get-TaskRunProvider does) to show the stored connection; the key is never output.</summary>
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
            SessionConnections.ForgetWhenClosed(Runspace.DefaultRunspace);
            WriteVerbose($"{Provider}: connection stored for this session.");
            if (PassThru.IsPresent) WriteObject(ProviderInfoFactory.Describe(descriptor, runspace));
        }
    }
}
