namespace TaskRuns.Emulator.BrowserAct;

/// <summary>BrowserAct task statuses ("canceled" with one l).</summary>
internal static class BrowserActStatuses
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Canceled = "canceled";
    public const string Pausing = "pausing";
    public const string Paused = "paused";
    public const string Failed = "failed";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Created, Running, Finished, Canceled, Pausing, Paused, Failed, Unknown];

    public static bool IsTerminal(string status) => status is Finished or Canceled or Failed;
}
