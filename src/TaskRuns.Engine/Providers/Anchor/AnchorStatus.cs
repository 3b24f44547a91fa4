using TaskRuns.Model;

namespace TaskRuns.Providers.Anchor
{
    /// <summary>Anchor's execution statuses: each means one <see cref="TaskRunStatus"/>, and the server filters on each.</summary>
    internal static class AnchorStatus
    {
        public static readonly StatusTable Table = new(
            new StatusRow("success", TaskRunStatus.Success, terminal: true),
            new StatusRow("failure", TaskRunStatus.Failure, terminal: true),
            new StatusRow("timeout", TaskRunStatus.Timeout, terminal: true),
            new StatusRow("cancelled", TaskRunStatus.Cancelled, terminal: true),
            new StatusRow("queued", TaskRunStatus.Queued),
            new StatusRow("running", TaskRunStatus.Running));
    }
}
