using Microsoft.Extensions.Primitives;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Deck;

/// <summary>The filters of <c>GET /v2/task-runs</c> (arrays as repeated keys; commas also accepted).</summary>
internal sealed record DeckRunFilter(
    IReadOnlySet<string> Statuses,
    IReadOnlySet<string> Outcomes,
    IReadOnlySet<string> SourceIds,
    string AgentId,
    string CredentialId,
    string TaskId,
    string WorkflowId,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    string Search)
{
    public static DeckRunFilter Parse(IQueryCollection query, Dictionary<string, List<string>> errors)
    {
        var statuses = Values(query["status"]);
        foreach (var status in statuses.Where(s => !DeckStatuses.All.Contains(s)))
        {
            AddError(errors, "status", $"The value '{status}' is not a valid status.");
        }

        var outcomes = Values(query["outcome"]);
        foreach (var outcome in outcomes.Where(o => !DeckStatuses.Results.Contains(o)))
        {
            AddError(errors, "outcome", $"The value '{outcome}' is not a valid outcome.");
        }

        return new DeckRunFilter(
            statuses,
            outcomes,
            Values(query["source_id"]),
            query["agent_id"].ToString(),
            query["credential_id"].ToString(),
            query["task_id"].ToString(),
            query["workflow_id"].ToString(),
            ReadTime(query, "created_after", errors),
            ReadTime(query, "created_before", errors),
            query["search"].ToString());
    }

    public static void AddError(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            messages = new List<string>();
            errors[field] = messages;
        }

        messages.Add(message);
    }

    /// <summary>The predicate for the given filters (task_id is applied by scoping to the task's list); null when none.</summary>
    public Func<DeckRun, bool>? Predicate(Func<string, string> taskName)
    {
        if (Statuses.Count == 0 && Outcomes.Count == 0 && SourceIds.Count == 0 && AgentId.Length == 0 && CredentialId.Length == 0
            && WorkflowId.Length == 0 && CreatedAfter is null && CreatedBefore is null && Search.Length == 0)
        {
            return null;
        }

        return run =>
            (Statuses.Count == 0 || Statuses.Contains(run.Status))
            && (Outcomes.Count == 0 || (run.Result is not null && Outcomes.Contains(run.Result)))
            && (SourceIds.Count == 0 || (run.SourceId is not null && SourceIds.Contains(run.SourceId)))
            && (AgentId.Length == 0 || run.AgentId == AgentId)
            && (CredentialId.Length == 0 || run.CredentialId == CredentialId)
            && (WorkflowId.Length == 0 || run.WorkflowId == WorkflowId)
            && (CreatedAfter is null || run.CreatedAt > CreatedAfter)
            && (CreatedBefore is null || run.CreatedAt < CreatedBefore)
            && (Search.Length == 0
                || run.Id.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || run.TaskKey.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || taskName(run.TaskKey).Contains(Search, StringComparison.OrdinalIgnoreCase));
    }

    internal static HashSet<string> Values(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);

    internal static DateTimeOffset? ReadTime(IQueryCollection query, string name, Dictionary<string, List<string>> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (TimeFormats.TryParseQuery(raw, out var time))
        {
            return time;
        }

        AddError(errors, name, $"The value '{raw}' is not valid for {name}.");
        return null;
    }
}
