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
                    {
                        ProviderDescriptor provider = ProviderRegistry.Get(api.Provider).Descriptor;
                        record.ErrorDetails = new ErrorDetails(api.Message)
                        {
                            RecommendedAction = $"Check the {provider.SecretName}: {provider.SecretParameter}, Connect-TaskRunProvider, or {provider.CredentialVariable}.",
                        };
                    }
                    return record;
                }
                case TaskRunInputException input:
                    // A run the engine was handed stands for what the user gave; the input itself is the better target.
                    return new ErrorRecord(input, input.ErrorId, input.Category, input.Target is Model.TaskRun && target != null ? target : input.Target ?? target);
                default:
                    return new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>True when nothing further in the same command can succeed (bad or missing credentials, refused insecure transport).</summary>
        /// <summary>-Timeout or -PollInterval that cannot work; the command ends before anything starts.</summary>
        public static ErrorRecord InvalidWaitParameter(string problem) =>
            new(new ArgumentException(problem), "InvalidWaitParameter", ErrorCategory.InvalidArgument, null);

        /// <summary>A run that ended in Failure or Timeout, under -ErrorOnFailure.</summary>
        public static ErrorRecord RunFailed(Model.TaskRun run) =>
            new(new InvalidOperationException($"{run.Provider} run {run.Id} ended in {run.Status} ({run.ProviderStatus}){(run.ErrorMessage is null ? "" : ": " + run.ErrorMessage.TrimEnd().TrimEnd('.'))}."),
                "TaskRunFailed", ErrorCategory.InvalidResult, run);

        /// <summary>A run still unfinished at the timeout; the target is its last known state.</summary>
        public static ErrorRecord WaitTimedOut(Model.TaskRun run, TimeSpan timeout) =>
            new(new TimeoutException($"{run.Provider} run {run.Id} did not finish within {timeout}; last status {run.Status} ({run.ProviderStatus})."),
                "WaitTaskRunTimeout", ErrorCategory.OperationTimeout, run);

        /// <summary>Get-TaskRunLog on a provider that keeps no log per run: where the run's own report is instead.</summary>
        public static ErrorRecord LogNotSupported(Model.TaskRun run) =>
            new(new NotSupportedException($"{run.Provider}: runs have no log to read (the API offers none). The run's ErrorMessage and Output properties carry what it reports: (Get-TaskRun -Provider {run.Provider} -Id {run.Id}{(run.TaskId is null ? "" : " -TaskId " + run.TaskId)}) | Select-Object Status, ErrorMessage, Output."),
                "LogNotSupported", ErrorCategory.NotImplemented, run);

        /// <summary>-Raw asked of a provider whose log is not stored as text, or combined with -Tail/-Follow.</summary>
        public static ErrorRecord InvalidLogParameter(string problem, object? target) =>
            new(new ArgumentException(problem), "InvalidLogParameter", ErrorCategory.InvalidArgument, target);

        /// <summary>A pipeline object without Provider and Id.</summary>
        public static ErrorRecord InvalidInputObject(string command, object target) =>
            new(new ArgumentException($"{command} needs objects with Provider and Id properties (as Get-TaskRun outputs)."),
                "InvalidInputObject", ErrorCategory.InvalidArgument, target);

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
