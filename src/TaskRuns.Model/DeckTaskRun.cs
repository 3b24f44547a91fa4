using System;

namespace TaskRuns.Model
{
    /// <summary>A Deck task run (GET /v2/task-runs).</summary>
    public sealed class DeckTaskRun : TaskRun
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

        /// <summary>success, failure or unknown once completed; null while running.</summary>
        public string? Result { get; set; }
        /// <summary>The agent that executed the run (agt_…).</summary>
        public string? AgentId { get; set; }
        /// <summary>The credential used (cred_…).</summary>
        public string? CredentialId { get; set; }
        /// <summary>The session the run executed in (sess_…).</summary>
        public string? SessionId { get; set; }
        /// <summary>The source the run connected to (src_…).</summary>
        public string? SourceId { get; set; }
        /// <summary>The workflow (older responses).</summary>
        public string? WorkflowId { get; set; }
        /// <summary>Execution time in milliseconds as reported.</summary>
        public long? RuntimeMs { get; set; }
        /// <summary>Error details of a failed run.</summary>
        public DeckRunError[] Errors { get; set; } = Array.Empty<DeckRunError>();
        /// <summary>What the run waits for when status is interaction_required (type, message, fields).</summary>
        public object? Interaction { get => PendingValue.Resolve(ref _interaction); set => _interaction = value; }

        private object? _interaction;

        /// <summary>Sets the interaction to a value converted on first read.</summary>
        internal void SetPendingInteraction(PendingValue? pending) => _interaction = pending;
        /// <summary>When the run last changed.</summary>
        public DateTimeOffset? UpdatedAt { get; set; }
    }
}
