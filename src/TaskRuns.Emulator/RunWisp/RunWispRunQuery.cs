using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>The query of RunWisp's run lists, validated the way the daemon does (422 with huma error details).</summary>
internal sealed partial record RunWispRunQuery(
    int Limit,
    long Offset,
    IReadOnlyList<string> Statuses,
    string SortField,
    bool Descending,
    string Search,
    string TaskName)
{
    public bool IsDefaultOrder => SortField == "created_at";

    public static RunWispRunQuery Parse(IQueryCollection query, bool newApi, List<RunWispValidationError> errors)
    {
        var limit = ReadInteger(query, "limit", 50, 1, 1000, errors);
        var offset = ReadInteger(query, "offset", 0, 0, long.MaxValue, errors);

        var sortField = query["sort_field"].ToString();
        if (sortField.Length > 0 && !RunWispStatuses.SortFields.Contains(sortField))
        {
            errors.Add(new RunWispValidationError(
                "expected value to be one of \"task_name, status, start_at, exit_code, duration, created_at, \"", "query.sort_field", sortField));
        }

        var sortDirection = query["sort_direction"].ToString();
        if (sortDirection is not ("" or "asc" or "desc"))
        {
            errors.Add(new RunWispValidationError("expected value to be one of \"asc, desc, \"", "query.sort_direction", sortDirection));
        }

        // 0.4.x takes one status value; newer daemons also take a comma-separated list.
        var status = query["status"].ToString();
        IReadOnlyList<string> statuses = status.Length == 0
            ? []
            : newApi ? status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [status];

        return new RunWispRunQuery(
            (int)limit,
            offset,
            statuses,
            sortField.Length == 0 ? "created_at" : sortField,
            sortDirection != "asc",
            query["search"].ToString(),
            query["task_name"].ToString());
    }

    /// <summary>Whether a run matches status (an end reason filters end_reason, else the phase) and search.</summary>
    public Func<RunWispRun, bool>? Predicate()
    {
        if (Statuses.Count == 0 && Search.Length == 0)
        {
            return null;
        }

        return run =>
            (Statuses.Count == 0 || Statuses.Any(s => RunWispStatuses.AllEndReasons.Contains(s) ? run.EndReason == s : run.Status == s))
            && (Search.Length == 0
                || run.TaskKey.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || run.Id.Contains(Search, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Sorts by a non-default field (stable; missing start_at/duration sort first ascending, like SQL NULLs).</summary>
    public IEnumerable<RunWispRun> Sort(IEnumerable<RunWispRun> ascendingByCreation)
    {
        return SortField switch
        {
            "task_name" => Order(ascendingByCreation, r => r.TaskKey, StringComparer.Ordinal),
            "status" => Order(ascendingByCreation, r => r.Status, StringComparer.Ordinal),
            "start_at" => Order(ascendingByCreation, r => r.StartAt, Comparer<DateTimeOffset?>.Default),
            "exit_code" => Order(ascendingByCreation, r => r.ExitCode, Comparer<long>.Default),
            "duration" => Order(ascendingByCreation, r => r.Duration, Comparer<TimeSpan?>.Default),
            _ => Order(ascendingByCreation, r => r.CreatedAt, Comparer<DateTimeOffset>.Default),
        };
    }

    private IEnumerable<RunWispRun> Order<TKey>(IEnumerable<RunWispRun> runs, Func<RunWispRun, TKey> key, IComparer<TKey> comparer) =>
        Descending ? runs.OrderByDescending(key, comparer) : runs.OrderBy(key, comparer);

    private static long ReadInteger(IQueryCollection query, string name, long defaultValue, long min, long max, List<RunWispValidationError> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return defaultValue;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new RunWispValidationError("invalid integer", $"query.{name}", raw));
            return defaultValue;
        }

        if (value < min)
        {
            errors.Add(new RunWispValidationError($"expected number >= {min}", $"query.{name}", value));
            return defaultValue;
        }

        if (value > max)
        {
            errors.Add(new RunWispValidationError($"expected number <= {max}", $"query.{name}", value));
            return defaultValue;
        }

        return value;
    }

    /// <summary>Task names: 1-100 characters of [a-zA-Z0-9._-] (newer daemons also allow ':').</summary>
    public static RunWispValidationError? ValidateTaskName(string name, bool newApi)
    {
        var pattern = newApi ? NewTaskNamePattern() : SeedTaskNamePattern();
        if (name.Length is < 1 or > 100)
        {
            return new RunWispValidationError(name.Length < 1 ? "expected length >= 1" : "expected length <= 100", "path.taskName", name);
        }

        return pattern.IsMatch(name)
            ? null
            : new RunWispValidationError($"expected string to match pattern {pattern}", "path.taskName", name);
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex SeedTaskNamePattern();

    [GeneratedRegex("^[a-zA-Z0-9._:-]+$")]
    private static partial Regex NewTaskNamePattern();
}
