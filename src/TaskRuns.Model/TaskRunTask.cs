namespace TaskRuns.Model
{
    /// <summary>A task (Anchor task, RunWisp task, Deck task, BrowserAct workflow) whose runs can be listed.</summary>
    public sealed class TaskRunTask
    {
        /// <summary>The provider that owns the task.</summary>
        public TaskRunProvider Provider { get; set; }

        /// <summary>The key to pass as -TaskId.</summary>
        public string TaskId { get; set; } = string.Empty;

        /// <summary>The task's display name.</summary>
        public string? Name { get; set; }

        /// <summary>Short text for logs.</summary>
        public override string ToString() => Name is null ? TaskId : $"{TaskId} ({Name})";
    }
}
