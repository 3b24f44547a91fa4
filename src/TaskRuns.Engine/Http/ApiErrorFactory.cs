using System;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>Turns HTTP outcomes into <see cref="TaskRunApiException"/>s with stable ids, in one place.</summary>
    internal static class ApiErrorFactory
    {
        public static TaskRunApiException FromStatus(
            TaskRunProvider provider, HttpMethodAndPath request, int status, string? reason, string? requestId, string? providerMessage, TimeSpan? retryAfter,
            string? providerCode = null, ProviderConnection? connection = null)
        {
            (string id, ErrorCategory category) = Classify(status);
            bool transient = IsRetryableStatus(status);
            string text = Describe(provider, status, reason, requestId, providerMessage, request, connection?.SecretHint);
            return new TaskRunApiException(provider, id, category, text, status, requestId, providerMessage, transient, retryAfter, providerCode: providerCode);
        }

        public static TaskRunApiException InvalidResponse(
            TaskRunProvider provider, HttpMethodAndPath request, int status, string? requestId, string problem, bool transient, Exception? inner = null)
        {
            string text = $"{provider}: HTTP {status}{RequestIdText(requestId)}: the response could not be read: {problem} [{request}]";
            return new TaskRunApiException(provider, "InvalidResponse", ErrorCategory.InvalidResult, text, status, requestId, null, transient, null, inner);
        }

        public static TaskRunApiException UnexpectedContentType(TaskRunProvider provider, HttpMethodAndPath request, int status, string? requestId, string? mediaType)
        {
            string text = $"{provider}: HTTP {status}{RequestIdText(requestId)}: expected JSON but the server sent '{mediaType ?? "no content type"}'. " +
                          $"Check that -BaseUri points at the {provider} API, not a web page. [{request}]";
            return new TaskRunApiException(provider, "UnexpectedContentType", ErrorCategory.InvalidResult, text, status, requestId);
        }

        /// <summary>No answer arrived. With <paramref name="mayHaveHappened"/> (a request that is not repeated, e.g. a start, which
        /// may have reached the server before the failure) the message says it may have been carried out and was not repeated.</summary>
        public static TaskRunApiException ConnectionFailed(TaskRunProvider provider, HttpMethodAndPath request, Exception inner, bool mayHaveHappened = false, ProviderConnection? connection = null)
        {
            string where = connection is null ? "" : $" at {connection.BaseUri}{(connection.BaseUriSource is string from ? $" (from {from})" : "")}";
            string text = mayHaveHappened
                ? $"{provider}: the connection to the server{where} failed after the request was sent ({Innermost(inner).Message.TrimEnd('.')}).{NotRepeated} [{request}]"
                : $"{provider}: could not reach the server{where}: {Innermost(inner).Message} [{request}]";
            return new TaskRunApiException(provider, "ConnectionFailed", ErrorCategory.ConnectionError, text, inner: inner);
        }

        public static TaskRunApiException TimedOut(TaskRunProvider provider, HttpMethodAndPath request, TimeSpan limit, Exception inner, bool mayHaveHappened = false)
        {
            string text = $"{provider}: no answer within {limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s{(mayHaveHappened ? "." + NotRepeated : "")} [{request}]";
            return new TaskRunApiException(provider, "RequestTimeout", ErrorCategory.OperationTimeout, text, inner: inner);
        }

        // Said whenever a request that is unsafe to repeat ends without an answer: the user must not assume it did nothing.
        private const string NotRepeated =
            " The server may have carried it out; it was not repeated, because repeating it could do it twice (e.g. start a second run)." +
            " Check with Get-TaskRun before trying again.";

        /// <summary>
        /// The same failure under another id and category, for a provider that signals e.g. "not found" with its own
        /// error code on a generic status (BrowserAct answers an unknown task with 400 and code 10112).
        /// </summary>
        public static TaskRunApiException Reclassify(TaskRunApiException e, string errorId, ErrorCategory category) =>
            new(e.Provider, errorId, category, e.Message, e.StatusCode, e.RequestId, e.ProviderMessage, e.IsTransient, e.RetryAfter, e, e.ProviderCode);

        /// <summary>The same failure, marked worth retrying by whoever repeats the larger operation it belongs to.</summary>
        public static TaskRunApiException AsTransient(TaskRunApiException e) =>
            new(e.Provider, e.ErrorId, e.Category, e.Message, e.StatusCode, e.RequestId, e.ProviderMessage, isTransient: true, e.RetryAfter, e, e.ProviderCode);

        public static bool IsRetryableStatus(int status) =>
            status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        private static (string, ErrorCategory) Classify(int status) => status switch
        {
            400 => ("InvalidRequest", ErrorCategory.InvalidArgument),
            401 => ("AuthenticationFailed", ErrorCategory.AuthenticationError),
            403 => ("PermissionDenied", ErrorCategory.PermissionDenied),
            404 => ("NotFound", ErrorCategory.ObjectNotFound),
            408 => ("RequestTimeout", ErrorCategory.OperationTimeout),
            409 => ("Conflict", ErrorCategory.ResourceBusy),
            414 => ("InvalidRequest", ErrorCategory.InvalidArgument), // an id or filter value too long for the server's URL limit
            422 => ("InvalidRequest", ErrorCategory.InvalidArgument),
            429 => ("RateLimited", ErrorCategory.LimitsExceeded),
            _ when status >= 500 => ("ServerError", ErrorCategory.ResourceUnavailable),
            _ => ("UnexpectedStatus", ErrorCategory.InvalidResult),
        };

        private static string Describe(TaskRunProvider provider, int status, string? reason, string? requestId, string? providerMessage, HttpMethodAndPath request, string? secretHint)
        {
            string statusText = string.IsNullOrEmpty(reason) ? ((HttpStatusCode)status).ToString() : reason!;
            string message = string.IsNullOrWhiteSpace(providerMessage) ? "" : $": {providerMessage!.Trim()}";
            string hint = status switch
            {
                401 => " " + (secretHint ?? "Check the API key (-ApiKey, Connect-TaskRunProvider or the environment variable)."),
                403 => " The key is valid but not allowed to do this.",
                _ => "",
            };
            return $"{provider}: HTTP {status} {statusText}{RequestIdText(requestId)}{message}.{hint} [{request}]".Replace("..", ".");
        }

        private static string RequestIdText(string? requestId) => string.IsNullOrEmpty(requestId) ? "" : $" (request id {requestId})";

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }
    }
}
