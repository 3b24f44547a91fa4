using System;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>
    /// Every failure TaskRuns reports about a provider: which provider, what HTTP status, which request id,
    /// and what the provider said. Never carries a credential.
    /// </summary>
    public sealed class TaskRunApiException : Exception
    {
        internal TaskRunApiException(
            TaskRunProvider provider,
            string errorId,
            ErrorCategory category,
            string message,
            int? statusCode = null,
            string? requestId = null,
            string? providerMessage = null,
            bool isTransient = false,
            TimeSpan? retryAfter = null,
            Exception? inner = null,
            string? providerCode = null)
            : base(message, inner)
        {
            Provider = provider;
            ErrorId = errorId;
            Category = category;
            StatusCode = statusCode;
            RequestId = requestId;
            ProviderMessage = providerMessage;
            IsTransient = isTransient;
            RetryAfter = retryAfter;
            ProviderCode = providerCode;
        }

        /// <summary>The provider's own error code, when it sent one (BrowserAct 10112, Deck rate_limit_exceeded…).</summary>
        public string? ProviderCode { get; }

        /// <summary>The provider the request went to.</summary>
        public TaskRunProvider Provider { get; }

        /// <summary>A stable PascalCase id, used as the ErrorRecord's FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        /// <summary>The PowerShell error category.</summary>
        public ErrorCategory Category { get; }

        /// <summary>The HTTP status code, when a response arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The provider's request or trace id, when it sent one.</summary>
        public string? RequestId { get; }

        /// <summary>The provider's own error message, when it sent one.</summary>
        public string? ProviderMessage { get; }

        /// <summary>True when retrying the same request may succeed.</summary>
        internal bool IsTransient { get; }

        /// <summary>How long the server asked us to wait (Retry-After), if it did.</summary>
        internal TimeSpan? RetryAfter { get; }

        /// <summary>True when nothing else in the same command can succeed either (bad credentials, refused connection setup).</summary>
        internal bool StopsCommand =>
            Category == ErrorCategory.AuthenticationError || Category == ErrorCategory.PermissionDenied || Category == ErrorCategory.SecurityError;
    }
}
