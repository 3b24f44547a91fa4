using System;

namespace TaskRuns.Model
{
    /// <summary>A Deck task run (GET /v2/task-runs).</summary>
    public sealed class DeckTaskRun : TaskRun
    {
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
