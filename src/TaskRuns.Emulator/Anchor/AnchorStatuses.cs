namespace TaskRuns.Emulator.Anchor;

/// <summary>Anchor execution statuses (note the two l's of "cancelled").</summary>
internal static class AnchorStatuses
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Timeout = "timeout";
    public const string Cancelled = "cancelled";
    public const string Queued = "queued";
    public const string Running = "running";

    public static readonly IReadOnlyList<string> All = [Success, Failure, Timeout, Cancelled, Queued, Running];
}
