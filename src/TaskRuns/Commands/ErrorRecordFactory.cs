using System;
using System.Management.Automation;
using TaskRuns.Http;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>Maps TaskRuns exceptions to ErrorRecords once: stable ErrorId, category, target, and a recommended action.</summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case TaskRunApiException api:
                {
                    var record = new ErrorRecord(api, api.ErrorId, api.Category, target);
                    if (api.Category == ErrorCategory.AuthenticationError)
                        record.ErrorDetails = new ErrorDetails(api.Message) { RecommendedAction = "Check the API key: -ApiKey, Connect-TaskRunProvider, or the provider's environment variable." };
                    return record;
                }
                case TaskRunInputException input:
                    return new ErrorRecord(input, input.ErrorId, input.Category, input.Target ?? target);
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>True when nothing further in the same command can succeed (bad or missing credentials, refused insecure transport).</summary>
        public static bool StopsCommand(Exception exception)
        {
            ErrorCategory category = exception switch
            {
                TaskRunApiException api => api.Category,
                TaskRunInputException input => input.Category,
                _ => ErrorCategory.NotSpecified,
            };
            return category == ErrorCategory.AuthenticationError || category == ErrorCategory.PermissionDenied || category == ErrorCategory.SecurityError;
        }

        public static bool IsExpected(Exception exception) => exception is TaskRunApiException || exception is TaskRunInputException;
    }
}
