namespace TaskRuns.Emulator.Deck;

/// <summary>Deck task-run statuses and results.</summary>
internal static class DeckStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Canceling = "canceling";
    public const string InteractionRequired = "interaction_required";
    public const string ReviewRequired = "review_required";
    public const string Completed = "completed";
    public const string Canceled = "canceled";
    public const string Failed = "failed";

    public const string ResultSuccess = "success";
    public const string ResultFailure = "failure";
    public const string ResultUnknown = "unknown";

    public static readonly IReadOnlyList<string> All =
        [Queued, Running, Canceling, InteractionRequired, ReviewRequired, Completed, Canceled, Failed];

    public static readonly IReadOnlyList<string> Results = [ResultSuccess, ResultFailure, ResultUnknown];

    public static bool IsTerminal(string status) => status is Completed or Canceled or Failed;
}
