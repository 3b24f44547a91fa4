namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The status normalisation table of /work/shared/providers.md, written out independently of the module:
/// (raw values) → (TaskRunStatus name, IsTerminal).
/// </summary>
public static class StatusTable
{
    public static (string Status, bool Terminal) RunWisp(string status, string? endReason) => status switch
    {
        "pending" => ("Queued", false),
        "running" => ("Running", false),
        "ended" => (endReason switch
        {
            "success" => "Success",
            "failed" or "crashed" or "log_overflow" or "start_failed" or "daemon_stopped" => "Failure",
            "timeout" => "Timeout",
            "stopped" => "Cancelled",
            "skipped" or "missed" or "queue_full" or "dst_skipped" => "Skipped",
            _ => "Unknown",
        }, true),
        _ => ("Unknown", false),
    };

    /// <summary>Deck: completed is judged by result; failed with an error code "timeout" is a Timeout (the table's optional row).</summary>
    public static (string Status, bool Terminal) Deck(string status, string? result, IReadOnlyCollection<string> errorCodes) => status switch
    {
        "queued" => ("Queued", false),
        "running" => ("Running", false),
        "canceling" or "cancelling" => ("Cancelling", false),
        "interaction_required" or "review_required" or "pending" => ("WaitingForInput", false),
        "completed" => (result switch { "success" => "Success", "failure" => "Failure", _ => "Unknown" }, true),
        "failed" => (errorCodes.Contains("timeout") ? "Timeout" : "Failure", true),
        "canceled" => ("Cancelled", true),
        _ => ("Unknown", false),
    };

    /// <summary>BrowserAct: pausing is a transition into paused; both wait for a resume (the table allows either mapping of pausing).</summary>
    public static (string Status, bool Terminal) BrowserAct(string status) => status switch
    {
        "created" => ("Queued", false),
        "running" => ("Running", false),
        "pausing" or "paused" => ("WaitingForInput", false),
        "finished" => ("Success", true),
        "failed" => ("Failure", true),
        "canceled" => ("Cancelled", true),
        _ => ("Unknown", false),
    };
}
