using System;

namespace TaskRuns.Model
{
    /// <summary>A BrowserAct task — one execution of a workflow (GET /v2/workflow/list-tasks). TaskId is the workflow id.</summary>
    public sealed class BrowserActTaskRun : TaskRun
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

        /// <summary>Credits the task consumed.</summary>
        public long? Credit { get; set; }
        /// <summary>The browser profile used.</summary>
        public string? ProfileId { get; set; }
        /// <summary>A live view of the browser, only while running.</summary>
        public string? LiveUrl { get; set; }
        /// <summary>The failure code of a failed task.</summary>
        public long? FailureCode { get; set; }
        /// <summary>Output file URLs.</summary>
        public string[] OutputFiles { get; set; } = Array.Empty<string>();
        /// <summary>The input parameters as sent ("k=v;k2=v2").</summary>
        public string? InputParameters { get; set; }
    }
}
