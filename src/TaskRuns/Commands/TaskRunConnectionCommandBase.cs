using System;
using System.Management.Automation;
using System.Security;
using TaskRuns.Connections;

namespace TaskRuns.Commands
{
    /// <summary>
    /// The connection parameters every TaskRuns cmdlet that sends requests shares (-BaseUri, -ApiKey, -Credential,
    /// -AllowInsecureHttp, -MaxRetries, -RequestTimeout); <see cref="Clients"/> is what they make: the one client cache.
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

        private ProviderClients? _clients;

        /// <summary>The one client per provider for the whole command, built from these parameters on first use.</summary>
        internal ProviderClients Clients
        {
            get
            {
                lock (_clientsLock)
                    return _clients ??= ProviderClients.ForCommand(RunspaceId, BaseUri, ApiKey, Credential, AllowInsecureHttp.IsPresent, MaxRetries, RequestTimeout, Log);
            }
        }

        private readonly object _clientsLock = new();
    }
}
