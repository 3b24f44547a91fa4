namespace TaskRuns.Emulator.RunWisp;

/// <summary>RunWisp run phases, end reasons and triggers.</summary>
internal static class RunWispStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Ended = "ended";

    public const string Success = "success";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
    public const string Timeout = "timeout";
    public const string Crashed = "crashed";
    public const string Skipped = "skipped";
    public const string LogOverflow = "log_overflow";

    // Newer daemons only.
    public const string QueueFull = "queue_full";
    public const string DstSkipped = "dst_skipped";
    public const string DaemonStopped = "daemon_stopped";
    public const string Missed = "missed";
    public const string StartFailed = "start_failed";

    public static readonly IReadOnlyList<string> Phases = [Pending, Running, Ended];

    public static readonly IReadOnlyList<string> SeedEndReasons = [Success, Failed, Stopped, Timeout, Crashed, Skipped, LogOverflow];

    public static readonly IReadOnlyList<string> AllEndReasons =
        [Success, Failed, Stopped, Timeout, Crashed, Skipped, LogOverflow, QueueFull, DstSkipped, DaemonStopped, Missed, StartFailed];

    /// <summary>End reasons of runs whose process never started (no start_at).</summary>
    public static bool NeverStarted(string? endReason) => endReason is Skipped or QueueFull or DstSkipped or Missed or StartFailed;

    public static readonly IReadOnlyList<string> SortFields = ["task_name", "status", "start_at", "exit_code", "duration", "created_at"];
}
