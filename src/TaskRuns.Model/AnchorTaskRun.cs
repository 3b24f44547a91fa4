using System;

namespace TaskRuns.Model
{
    /// <summary>An Anchor Browser task execution (GET /v1/task/{taskId}/executions).</summary>
    public sealed class AnchorTaskRun : TaskRun
    {
        /// <summary>The task version that was executed (a number, "draft" or "latest").</summary>
        public string? Version { get; set; }

        /// <summary>The id of the executed task version.</summary>
        public string? TaskVersionId { get; set; }

        /// <summary>Execution time in milliseconds, as reported (null while queued or running).</summary>
        public double? ExecutionTime { get; set; }
    }
}
