using System;
using System.Management.Automation;
using System.Security;
using TaskRuns.Http;

namespace TaskRuns.Providers
{
    /// <summary>
    /// Decides where a command talks to and with which secret. Precedence: parameter, then the session
    /// (Connect-TaskRunProvider), then the environment variable, then the provider's public default URI.
    /// A secret is never sent over plain http to a host that is not loopback unless explicitly allowed.
    /// </summary>
    internal static class ConnectionResolver
    {
        public static ProviderConnection Resolve(
            ProviderDescriptor provider, Guid runspace, Uri? baseUriParameter, SecureString? apiKeyParameter, PSCredential? credentialParameter, bool allowInsecureHttp)
        {
            SessionConnection? session = SessionConnections.Get(runspace, provider.Name);
            Uri? environment = (baseUriParameter ?? session?.BaseUri) is null ? FromEnvironment(provider) : null;
            Uri baseUri = baseUriParameter ?? session?.BaseUri ?? environment ?? provider.DefaultBaseUri;
            string source = baseUriParameter != null ? "-BaseUri" : session?.BaseUri != null ? "Connect-TaskRunProvider"
                : environment != null ? provider.BaseUriVariable : "the default";
            if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            {
                throw new TaskRunInputException(provider.Name, "InvalidBaseUri", $"the base URI must be an absolute http:// or https:// address, not '{baseUri}'.", baseUri);
            }

            ApiCredential? credential =
                apiKeyParameter != null ? new ApiCredential(apiKeyParameter)
                : credentialParameter != null ? new ApiCredential(credentialParameter.Password, credentialParameter.UserName)
                : session?.Credential ?? CredentialFromEnvironment(provider);
            if (credential is null || credential.IsEmpty)
            {
                if (provider.CredentialOptional) return new ProviderConnection(ProviderConnection.NormaliseBaseUri(baseUri), null, source); // no secret to protect
                throw new TaskRunInputException(provider.Name, "MissingCredential", MissingCredentialText(provider) + ".", provider.Name, ErrorCategory.AuthenticationError);
            }

            bool insecureAllowed = allowInsecureHttp || (session?.AllowInsecureHttp ?? false);
            if (baseUri.Scheme == Uri.UriSchemeHttp && !ProviderConnection.IsLoopback(baseUri) && !insecureAllowed)
            {
                throw new TaskRunInputException(provider.Name, "InsecureConnectionRefused",
                    $"refusing to send the {provider.SecretName} over plain http to {baseUri.Host}. Use https, or pass -AllowInsecureHttp if this network is trusted.",
                    baseUri, ErrorCategory.SecurityError);
            }
            return new ProviderConnection(ProviderConnection.NormaliseBaseUri(baseUri), credential, source,
                $"Check the {provider.SecretName}: {provider.SecretParameter}, Connect-TaskRunProvider, or {provider.CredentialVariable}.");
        }

        /// <summary>"no password was given. Pass -Credential, …": said before sending, or after a 401 to a request sent without one.</summary>
        internal static string MissingCredentialText(ProviderDescriptor provider) =>
            $"no {provider.SecretName} was given. Pass {provider.SecretParameter}, run Connect-TaskRunProvider -Provider {provider.Name}, or set the environment variable {provider.CredentialVariable}";

        internal static Uri? FromEnvironment(ProviderDescriptor provider)
        {
            string? text = Environment.GetEnvironmentVariable(provider.BaseUriVariable);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text!.Trim(), UriKind.Absolute, out Uri? uri)) return uri;
            throw new TaskRunInputException(provider.Name, "InvalidBaseUri", $"the environment variable {provider.BaseUriVariable} is not an absolute URI.", provider.BaseUriVariable);
        }

        internal static ApiCredential? CredentialFromEnvironment(ProviderDescriptor provider)
        {
            string? text = Environment.GetEnvironmentVariable(provider.CredentialVariable);
            return string.IsNullOrEmpty(text) ? null : ApiCredential.FromPlainText(text!);
        }
    }
}
