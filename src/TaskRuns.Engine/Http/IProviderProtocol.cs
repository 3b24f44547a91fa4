using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>What the one HTTP path needs to know about a provider's wire protocol: auth and error bodies.</summary>
    internal interface IProviderProtocol
    {
        TaskRunProvider Provider { get; }

        /// <summary>Adds the credential to a request (header, or a bearer token obtained by logging in).</summary>
        Task AuthenticateAsync(HttpRequestMessage request, ProviderConnection connection, ApiClient client, CancellationToken cancellationToken);

        /// <summary>Called on a 401. Returns true when a fresh login may help (a cached token expired), so the request is sent once more.</summary>
        bool ForgetAuthentication(ProviderConnection connection);

        /// <summary>The error for a 401 to a request sent without any credential (the connection has none).</summary>
        TaskRunApiException RefusedWithoutCredential(TaskRunApiException refused);

        /// <summary>The provider's own message and request id from an error body (which may be anything, or empty).</summary>
        ProviderErrorBody ReadErrorBody(string body);

        /// <summary>True when a 2xx response with this media type carries JSON.</summary>
        bool IsJsonMediaType(string? mediaType);

        /// <summary>
        /// The request budget the provider documents per API key, kept client-side for every request (null: none).
        /// A 429 is still retried with backoff when the server counts differently.
        /// </summary>
        RequestRateLimit? RateLimit { get; }

        /// <summary>
        /// The most requests the provider allows in flight at once per API key, kept client-side for every request of
        /// the process to that origin with that key (null: none). A slot covers one attempt up to its body read (for a
        /// JSON answer, parsed to its end); a stream opened with <see cref="ApiClient.OpenAsync"/> frees it at its headers.
        /// </summary>
        RequestConcurrencyLimit? ConcurrencyLimit { get; }
    }

    internal readonly struct ProviderErrorBody
    {
        public ProviderErrorBody(string? message, string? requestId, string? code = null)
        {
            Message = message;
            RequestId = requestId;
            Code = code;
        }

        public string? Message { get; }
        public string? RequestId { get; }

        /// <summary>The provider's own error code (BrowserAct 10112, Deck rate_limit_exceeded…), when it sent one.</summary>
        public string? Code { get; }
    }
}
