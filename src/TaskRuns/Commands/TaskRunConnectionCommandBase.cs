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
        /// <summary>
        /// The provider's API root, e.g. https://api.anchorbrowser.io, http://localhost:9477 (RunWisp) or https://api.deck.co/v2 (Deck's includes /v2).
        /// When omitted: the URI stored by Connect-TaskRunProvider, then the provider's environment variable (ANCHORBROWSER_BASE_URL,
        /// RUNWISP_URL, DECK_BASE_URL, BROWSERACT_BASE_URL), then the provider's public default.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = false)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// The API key for Anchor, Deck or BrowserAct, as a SecureString. When omitted: the key stored by Connect-TaskRunProvider,
        /// then the environment variable ANCHORBROWSER_API_KEY, DECK_API_KEY or BROWSERACT_API_KEY.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// The RunWisp daemon password, as a PSCredential (the user name is ignored). When omitted: the password stored by
        /// Connect-TaskRunProvider, then RUNWISP_PASSWORD. TaskRuns logs in with the daemon's challenge/response and reuses the token.
        /// With no password from any source, requests go out unauthenticated (for a daemon run with RUNWISP_AUTH=off); a daemon
        /// that wants one answers 401, reported as a MissingCredential error.
        /// </summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Allows sending the key or password over plain http:// to a host that is not loopback (localhost and 127.0.0.1 are always allowed). Use it only on a trusted network.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>
        /// How many times a failed request is retried (0 to 20, default 5): network errors and HTTP 408, 429, 500, 502, 503 and 504,
        /// with exponential backoff from 1 second plus jitter, honouring Retry-After, never waiting more than 30 seconds at once.
        /// A request that starts a run is retried only where the provider de-duplicates it (Deck).
        /// </summary>
        [Parameter]
        [ValidateRange(0, 20)]
        [PSDefaultValue(Value = 5)]
        public int? MaxRetries { get; set; }

        /// <summary>
        /// How long one attempt of a request may take before it is abandoned (and retried, as a network fault): a TimeSpan or a number of
        /// seconds, 1 second to 10 minutes. Default 100 seconds, or TASKRUNS_ATTEMPT_TIMEOUT_MS. It bounds each request, not the command:
        /// Wait-TaskRun's -Timeout is how long to wait for runs in all.
        /// </summary>
        [Parameter]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "100 seconds")]
        public TimeSpan? RequestTimeout { get; set; }

        private ICommandLog? _log;

        /// <summary>Verbose and warning text from background work, forwarded to the pipeline thread.</summary>
        internal ICommandLog Log => _log ??= new CommandLog(this);

        private readonly System.Collections.Generic.Dictionary<TaskRunProvider, ApiClient> _clients = new();

        /// <summary>The one client per provider for the whole command (Wait-TaskRun and Stop-TaskRun see several providers).</summary>
        internal ApiClient ClientFor(TaskRunProvider provider)
        {
            lock (_clients)
            {
                if (_clients.TryGetValue(provider, out ApiClient? client)) return client;
                ITaskRunProvider adapter = ProviderRegistry.Get(provider);
                ProviderConnection connection = ConnectionResolver.Resolve(adapter.Descriptor, RunspaceId, BaseUri, ApiKey, Credential, AllowInsecureHttp.IsPresent);
                if (RequestTimeout is TimeSpan t && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromMinutes(10)))
                    throw new TaskRunInputException(provider, "InvalidRequestTimeout", $"-RequestTimeout must be between 1 second and 10 minutes, not {t}.", t);
                RetrySettings settings = RetrySettings.FromEnvironment(MaxRetries);
                if (RequestTimeout is TimeSpan attempt) settings.AttemptTimeout = attempt;
                return _clients[provider] = new ApiClient(adapter, connection, settings, Log);
            }
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

        /// <summary>Ends the command at once when the wait parameters cannot work (nothing is started or waited for).</summary>
        internal void RefuseInvalidWait(WaitOptions options)
        {
            if (options.Problem() is string problem)
            {
                ErrorRecord record = ErrorRecordFactory.InvalidWaitParameter(problem);
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
