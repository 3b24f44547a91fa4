using System;

namespace TaskRuns.Model
{
    /// <summary>
    /// One run (execution) of a task on any provider. Provider-specific subclasses carry the provider's other fields.
    /// </summary>
    public class TaskRun
    {
        /// <summary>The provider that owns this run.</summary>
        public TaskRunProvider Provider { get; set; }

        /// <summary>The run's id, exactly as the provider spells it.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>The provider's task key: Anchor task id, RunWisp task name, Deck task_id, BrowserAct workflow_id.</summary>
        public string? TaskId { get; set; }

        /// <summary>The normalised status.</summary>
        public TaskRunStatus Status { get; set; }

        /// <summary>The provider's raw status value (for RunWisp: status/end_reason; for Deck: status/result when completed).</summary>
        public string ProviderStatus { get; set; } = string.Empty;

        /// <summary>True when the run has ended and will not change again.</summary>
        public bool IsTerminal { get; set; }

        /// <summary>When the run was created (or, where the provider does not say, started).</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>When the run started executing.</summary>
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>When the run ended.</summary>
        public DateTimeOffset? EndedAt { get; set; }

        /// <summary>How long the run took (or has taken so far, where the provider reports it).</summary>
        public TimeSpan? Duration { get; set; }

        /// <summary>The run's output: a string, or for providers that return JSON, hashtables/arrays/scalars.</summary>
        public object? Output { get => PendingValue.Resolve(ref _output); set => _output = value; }

        private object? _output;

        /// <summary>Sets the output to a value converted on first read.</summary>
        internal void SetPendingOutput(PendingValue? pending) => _output = pending;

        /// <summary>Why the run failed, when it did.</summary>
        public string? ErrorMessage { get; set; }

        /// <summary>Short text for logs: provider, task, id and status.</summary>
        public override string ToString() => $"{Provider} run {Id} ({Status})";

        internal static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
