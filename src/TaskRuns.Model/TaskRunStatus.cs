namespace TaskRuns.Model
{
    /// <summary>
    /// A provider-independent status. Each provider's own value is kept in <see cref="TaskRun.ProviderStatus"/>.
    /// </summary>
    public enum TaskRunStatus
    {
        /// <summary>A value the provider sent that TaskRuns does not know.</summary>
        Unknown = 0,
        /// <summary>Accepted, not started yet.</summary>
        Queued,
        /// <summary>Executing.</summary>
        Running,
        /// <summary>A cancel was requested and is being carried out.</summary>
        Cancelling,
        /// <summary>Paused until a person acts (MFA code, review, resume).</summary>
        WaitingForInput,
        /// <summary>Ended successfully.</summary>
        Success,
        /// <summary>Ended with an error.</summary>
        Failure,
        /// <summary>Ended because it ran out of time.</summary>
        Timeout,
        /// <summary>Ended because it was cancelled or stopped.</summary>
        Cancelled,
        /// <summary>Never ran (skipped by a scheduler).</summary>
        Skipped,
    }
}
