using TaskRuns.Model;

namespace TaskRuns.Providers.BrowserAct
{
    /// <summary>BrowserAct task statuses (pausing and paused wait for a resume); the server filters on each.</summary>
    internal static class BrowserActStatus
    {
        public static readonly StatusTable Table = new(
            new StatusRow("created", TaskRunStatus.Queued),
            new StatusRow("running", TaskRunStatus.Running),
            new StatusRow("finished", TaskRunStatus.Success, terminal: true),
            new StatusRow("canceled", TaskRunStatus.Cancelled, terminal: true),
            new StatusRow("pausing", TaskRunStatus.WaitingForInput),
            new StatusRow("paused", TaskRunStatus.WaitingForInput),
            new StatusRow("failed", TaskRunStatus.Failure, terminal: true),
            new StatusRow("unknown", TaskRunStatus.Unknown));
    }
}
