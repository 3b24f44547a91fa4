using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using TaskRuns.Connections;
using TaskRuns.Http;
using TaskRuns.Providers;

namespace TaskRuns.Completion
{
    /// <summary>
    /// The client a completer asks the provider with: the connection the command line would use (its -BaseUri, -ApiKey,
    /// -Credential, else the session and environment), no retries and a short timeout, so Tab never hangs.
    /// </summary>
    internal static class CompletionClient
    {
        public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

        // runspace: whose stored connections apply (a lookup on another thread has no default runspace).
        public static ApiClient For(ITaskRunProvider adapter, IDictionary bound, Guid? runspace = null)
        {
            Uri? baseUri = CompletionText.Bound<Uri>(bound, "BaseUri");
            if (baseUri is null && CompletionText.Bound<string>(bound, "BaseUri") is string text) Uri.TryCreate(text, UriKind.Absolute, out baseUri);
            return ProviderClients.ForLookup(
                runspace ?? Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, baseUri,
                CompletionText.Bound<SecureString>(bound, "ApiKey"), CompletionText.Bound<PSCredential>(bound, "Credential"),
                bound.Contains("AllowInsecureHttp"), LookupTimeout).ClientFor(adapter.Provider);
        }
    }
}
