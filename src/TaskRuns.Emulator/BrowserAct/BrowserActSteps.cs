namespace TaskRuns.Emulator.BrowserAct;

/// <summary>
/// A task's <c>steps[]</c> (TaskStepDto), derived from the task id and its state: every task's workflow has 2–7 steps; a
/// finished task succeeded in all of them; a failed or canceled task's last step is <c>failed</c> (its evaluation names the
/// failure); a running, pausing or paused task has done some and is <c>running</c> the last one; a created task has none.
/// </summary>
internal static class BrowserActSteps
{
    private static readonly string[] Goals =
    [
        "Open the start page", "Accept the cookie banner", "Sign in with the saved profile", "Search for the target items",
        "Open the first result", "Collect the data from the page", "Go to the next page of results", "Export the results",
    ];

    public sealed record Step(int Number, string Status, string EvaluationPreviousGoal, string StepGoal);

    public static IReadOnlyList<Step> Of(BrowserActTask task, DateTimeOffset now)
    {
        var total = 2 + (int)(Data.StableHash.Of(task.Id) % 6);
        var reached = task.Status switch
        {
            BrowserActStatuses.Created => 0,
            BrowserActStatuses.Finished => total,
            BrowserActStatuses.Failed or BrowserActStatuses.Canceled => Math.Max(1, total - 1 - (int)(Data.StableHash.Of(task.Id + "f") % (uint)total)),
            _ => Progress(task, total, now),
        };

        var steps = new List<Step>(reached);
        for (var n = 1; n <= reached; n++)
        {
            var last = n == reached;
            var status = !last || task.Status == BrowserActStatuses.Finished ? "succeed"
                : task.Status is BrowserActStatuses.Failed or BrowserActStatuses.Canceled ? "failed"
                : "running";
            var evaluation = n == 1 ? ""
                : status == "failed" ? task.Status == BrowserActStatuses.Canceled
                    ? "Failed - the task was canceled"
                    : $"Failed - {task.FailureMessage ?? "the step could not be completed"}"
                : "Success";
            steps.Add(new Step(n, status, evaluation, Goals[(n - 1) % Goals.Length]));
        }

        return steps;
    }

    /// <summary>A running task: steps done in proportion to its timeline (seeded ones: about half).</summary>
    private static int Progress(BrowserActTask task, int total, DateTimeOffset now)
    {
        if (task.Timeline is not { } timeline || timeline.EndsAt <= timeline.StartsAt)
        {
            return Math.Max(1, total / 2);
        }

        var fraction = (now - timeline.StartsAt) / (timeline.EndsAt - timeline.StartsAt);
        return Math.Clamp((int)Math.Ceiling(fraction * total), 1, total);
    }
}
