using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using TaskRuns.Http;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Connections
{
    /// <summary>
    /// The connection given on one command line (-BaseUri, -ApiKey, -Credential, -AllowInsecureHttp, else the session and
    /// environment) and the one <see cref="ApiClient"/> per provider built from it, for the whole command: Wait-TaskRun and
    /// Stop-TaskRun see several providers, Get-TaskRun lists several at once. Cmdlets and Tab completers both build their
    /// clients here; they differ only in their retry settings.
    /// </summary>
    internal sealed class ProviderClients
    {
        private readonly Dictionary<TaskRunProvider, ApiClient> _clients = new();
        private readonly Guid _runspace;
        private readonly Uri? _baseUri;
        private readonly SecureString? _apiKey;
        private readonly PSCredential? _credential;
        private readonly bool _allowInsecureHttp;
        private readonly Func<TaskRunProvider, RetrySettings> _settings;

        private ProviderClients(Guid runspace, Uri? baseUri, SecureString? apiKey, PSCredential? credential, bool allowInsecureHttp,
            Func<TaskRunProvider, RetrySettings> settings, ICommandLog log)
        {
            _runspace = runspace;
            _baseUri = baseUri;
            _apiKey = apiKey;
            _credential = credential;
            _allowInsecureHttp = allowInsecureHttp;
            _settings = settings;
            Log = log;
        }

        /// <summary>
        /// A command's clients: retries from -MaxRetries (or the environment), each attempt bounded by -RequestTimeout
        /// (1 second to 10 minutes; outside that an InvalidRequestTimeout error for the provider asked for).
        /// </summary>
        public static ProviderClients ForCommand(Guid runspace, Uri? baseUri, SecureString? apiKey, PSCredential? credential, bool allowInsecureHttp,
            int? maxRetries, TimeSpan? requestTimeout, ICommandLog log) =>
            new(runspace, baseUri, apiKey, credential, allowInsecureHttp, provider =>
            {
                if (requestTimeout is TimeSpan t && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromMinutes(10)))
                    throw new TaskRunInputException(provider, "InvalidRequestTimeout", $"-RequestTimeout must be between 1 second and 10 minutes, not {t}.", t);
                RetrySettings settings = RetrySettings.FromEnvironment(maxRetries);
                if (requestTimeout is TimeSpan attempt) settings.AttemptTimeout = attempt;
                return settings;
            }, log);

        /// <summary>A Tab completer's clients: no retries and a short overall timeout, so Tab never hangs.</summary>
        public static ProviderClients ForLookup(Guid runspace, Uri? baseUri, SecureString? apiKey, PSCredential? credential, bool allowInsecureHttp, TimeSpan timeout) =>
            new(runspace, baseUri, apiKey, credential, allowInsecureHttp,
                _ => new RetrySettings { MaxRetries = 0, AttemptTimeout = timeout, OverallTimeout = timeout }, NullCommandLog.Instance);

        /// <summary>Verbose and warning text of the clients' requests.</summary>
        public ICommandLog Log { get; }

        /// <summary>The one client of <paramref name="provider"/>, built on first use (its connection checked then: URI, credential, transport).</summary>
        public ApiClient ClientFor(TaskRunProvider provider)
        {
            lock (_clients)
            {
                if (_clients.TryGetValue(provider, out ApiClient? client)) return client;
                ITaskRunProvider adapter = ProviderRegistry.Get(provider);
                ProviderConnection connection = ConnectionResolver.Resolve(adapter.Descriptor, _runspace, _baseUri, _apiKey, _credential, _allowInsecureHttp);
                return _clients[provider] = new ApiClient(adapter, connection, _settings(provider), Log);
            }
        }

        /// <summary>
        /// Which providers a command talks to (<paramref name="requested"/>, or every provider with a credential), checked
        /// before any request; the Verbose line says which were chosen and why others were not.
        /// </summary>
        public ProviderSelection Select(IReadOnlyList<TaskRunProvider>? requested)
        {
            ProviderSelection selection = ProviderSelection.Resolve(requested, _runspace, _baseUri, _apiKey, _credential, _allowInsecureHttp);
            Log.Verbose(selection.Describe());
            return selection;
        }
    }
}
