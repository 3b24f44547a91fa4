using System;

namespace TaskRuns.Model
{
    /// <summary>A RunWisp run (GET /api/tasks/{taskName}/runs). ProviderStatus is the end reason once ended, else the status.</summary>
    public sealed class RunWispTaskRun : TaskRun
    {
        // The common properties first (see TaskRun's remarks), then this provider's own.
        /// <inheritdoc/>
        public override TaskRunProvider Provider { get => base.Provider; set => base.Provider = value; }
        /// <inheritdoc/>
        public override string Id { get => base.Id; set => base.Id = value; }
        /// <inheritdoc/>
        public override string? TaskId { get => base.TaskId; set => base.TaskId = value; }
        /// <inheritdoc/>
        public override TaskRunStatus Status { get => base.Status; set => base.Status = value; }
        /// <inheritdoc/>
        public override string ProviderStatus { get => base.ProviderStatus; set => base.ProviderStatus = value; }
        /// <inheritdoc/>
        public override bool IsTerminal { get => base.IsTerminal; set => base.IsTerminal = value; }
        /// <inheritdoc/>
        public override DateTimeOffset? CreatedAt { get => base.CreatedAt; set => base.CreatedAt = value; }
        /// <inheritdoc/>
        public override DateTimeOffset? StartedAt { get => base.StartedAt; set => base.StartedAt = value; }
        /// <inheritdoc/>
        public override DateTimeOffset? EndedAt { get => base.EndedAt; set => base.EndedAt = value; }
        /// <inheritdoc/>
        public override string? Duration => base.Duration;
        /// <inheritdoc/>
        public override object? Output { get => base.Output; set => base.Output = value; }
        /// <inheritdoc/>
        public override string? OutputText { get => base.OutputText; set => base.OutputText = value; }
        /// <inheritdoc/>
        public override string? ErrorMessage { get => base.ErrorMessage; set => base.ErrorMessage = value; }

        /// <summary>pending, running or ended.</summary>
        public string? RunStatus { get; set; }
        /// <summary>Why the run ended (success, failed, stopped, timeout, crashed, skipped, …).</summary>
        public string? EndReason { get; set; }
        /// <summary>The process exit code; -1 never ran, -2 crashed at a daemon restart.</summary>
        public long? ExitCode { get; set; }
        /// <summary>Which replica (instance) of the task ran (replica_index / instance_index).</summary>
        public long? ReplicaIndex { get; set; }
        /// <summary>0 for a first attempt, n for the n-th retry.</summary>
        public long? RetryAttempt { get; set; }
        /// <summary>The run this one retried.</summary>
        public string? RetryOfRunId { get; set; }
        /// <summary>cron, api, cloud, service, startup or hook.</summary>
        public string? TriggeredBy { get; set; }
        /// <summary>An id given by whoever triggered the run.</summary>
        public string? ExternalExecutionId { get; set; }
    }
}
