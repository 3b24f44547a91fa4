using System;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns
{
    /// <summary>Bad input caught before any request is sent (an id of the wrong shape, a filter the provider cannot honour, a missing key).</summary>
    public sealed class TaskRunInputException : ArgumentException
    {
        internal TaskRunInputException(TaskRunProvider provider, string errorId, string message, object? target = null, ErrorCategory category = ErrorCategory.InvalidArgument)
            : base($"{provider}: {message}")
        {
            Provider = provider;
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>Bad input that concerns several providers (a filter some of them lack); the message starts with their names.</summary>
        internal TaskRunInputException(System.Collections.Generic.IReadOnlyList<TaskRunProvider> providers, string errorId, string message, object? target = null, ErrorCategory category = ErrorCategory.InvalidArgument)
            : base($"{string.Join(", ", providers)}: {message}")
        {
            Provider = providers[0];
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>The provider the command was for (the first one, when the error concerns several).</summary>
        public TaskRunProvider Provider { get; }

        /// <summary>A stable PascalCase id.</summary>
        public string ErrorId { get; }

        /// <summary>The PowerShell error category.</summary>
        public ErrorCategory Category { get; }

        /// <summary>The offending value.</summary>
        public object? Target { get; }

        /// <summary>A value short enough to quote in a message.</summary>
        internal static string Shorten(string value) => value.Length > 80 ? value.Substring(0, 80) + "…" : value;
    }
}
