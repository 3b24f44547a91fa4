using System;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Connection parameters every TaskRuns cmdlet shares (-BaseUri, -ApiKey, -Credential, -AllowInsecureHttp, -MaxRetries)
    /// and the error policy: one failed input is a non-terminating error; a credential or transport problem ends the command.
    /// </summary>
    public abstract class TaskRunConnectionCommandBase : AsyncPSCmdlet
    {
        /// <summary>The API root; defaults to the session's (Connect-TaskRunProvider), then the provider's environment variable, then its public URI.</summary>
        [Parameter(ValueFromPipelineByPropertyName = false)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>The API key (Anchor, Deck, BrowserAct). Defaults to the session's, then the provider's environment variable.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The RunWisp password (the user name is ignored). Defaults to the session's, then RUNWISP_PASSWORD.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Allow sending the key over plain http to a host that is not loopback.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>How many times a failed request (network error, 408, 429, 5xx) is retried. Default 5.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int? MaxRetries { get; set; }

        private ICommandLog? _log;

        /// <summary>Verbose and warning text from background work, forwarded to the pipeline thread.</summary>
        internal ICommandLog Log => _log ??= new CommandLog(this);

        internal ApiClient CreateClient(TaskRunProvider provider)
        {
            ITaskRunProvider adapter = ProviderRegistry.Get(provider);
            ProviderConnection connection = ConnectionResolver.Resolve(adapter.Descriptor, RunspaceId, BaseUri, ApiKey, Credential, AllowInsecureHttp.IsPresent);
            return new ApiClient(adapter, connection, RetrySettings.FromEnvironment(MaxRetries), Log);
        }

        /// <summary>Runs the work for one input; expected failures become ErrorRecords with the input as target.</summary>
        protected async Task RunForInputAsync(Func<Task> work, object? target)
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e) when (ErrorRecordFactory.IsExpected(e) && !ErrorRecordFactory.StopsCommand(e))
            {
                EmitError(ErrorRecordFactory.From(e, target));
            }
            catch (Exception e) when (ErrorRecordFactory.IsExpected(e))
            {
                ErrorRecord record = ErrorRecordFactory.From(e, target);
                Enqueue(() => ThrowTerminatingError(record));
            }
        }

        private sealed class CommandLog : ICommandLog
        {
            private readonly TaskRunConnectionCommandBase _command;
            public CommandLog(TaskRunConnectionCommandBase command) => _command = command;
            public void Verbose(string message) => _command.EmitVerbose(message);
            public void Warning(string message) => _command.EmitWarning(message);
        }
    }
}
