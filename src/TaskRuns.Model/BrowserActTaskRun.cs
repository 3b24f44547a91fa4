using System;

namespace TaskRuns.Model
{
    /// <summary>A BrowserAct task — one execution of a workflow (GET /v2/workflow/list-tasks). TaskId is the workflow id.</summary>
    public sealed class BrowserActTaskRun : TaskRun
    {
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
