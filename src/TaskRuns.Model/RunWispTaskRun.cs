namespace TaskRuns.Model
{
    /// <summary>A RunWisp run (GET /api/tasks/{taskName}/runs). ProviderStatus is the end reason once ended, else the status.</summary>
    public sealed class RunWispTaskRun : TaskRun
    {
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
