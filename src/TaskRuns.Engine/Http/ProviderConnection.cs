using System;

namespace TaskRuns.Http
{
    /// <summary>Where to send requests for one provider and with which credential; resolved once per command.</summary>
    internal sealed class ProviderConnection
    {
        public ProviderConnection(Uri baseUri, ApiCredential? credential, string? baseUriSource = null, string? secretHint = null)
        {
            BaseUri = baseUri;
            Credential = credential;
            BaseUriSource = baseUriSource;
            SecretHint = secretHint;
        }

        /// <summary>Where the base URI came from, for messages ("-BaseUri", "RUNWISP_URL", "the default"); null when not known.</summary>
        public string? BaseUriSource { get; }

        /// <summary>What to check when the server refuses the secret, in the provider's words (API key or password, parameter, variable).</summary>
        public string? SecretHint { get; }

        /// <summary>The API root, always ending with '/', so relative paths append to it (Deck's /v2 is kept).</summary>
        public Uri BaseUri { get; }

        public ApiCredential? Credential { get; }

        public Uri Resolve(string relativePathAndQuery) => new Uri(BaseUri, relativePathAndQuery.TrimStart('/'));

        public static Uri NormaliseBaseUri(Uri uri)
        {
            string text = uri.GetLeftPart(UriPartial.Path);
            return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
        }

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
    }
}
