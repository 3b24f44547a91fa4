using System;

namespace TaskRuns.Model
{
    /// <summary>An Anchor Browser task execution (GET /v1/task/{taskId}/executions).</summary>
    public sealed class AnchorTaskRun : TaskRun
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

        /// <summary>The task version that was executed (a number, "draft" or "latest").</summary>
        public string? Version { get; set; }

        /// <summary>The id of the executed task version.</summary>
        public string? TaskVersionId { get; set; }

        /// <summary>Execution time in milliseconds, as reported (null while queued or running).</summary>
        public double? ExecutionTime { get; set; }
    }
}
