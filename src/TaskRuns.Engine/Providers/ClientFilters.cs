using System;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>Checks applied to each run after paging, for filters an API cannot express server-side.</summary>
    internal static class ClientFilters
    {
        public static Func<TaskRun, bool>? DateRange(DateTimeOffset? since, DateTimeOffset? until)
        {
            if (since is null && until is null) return null;
            return run =>
            {
                DateTimeOffset? at = run.CreatedAt ?? run.StartedAt;
                if (at is null) return false;
                return (since is null || at >= since) && (until is null || at <= until);
            };
        }

        public static Func<TaskRun, bool>? Combine(params Func<TaskRun, bool>?[] checks)
        {
            Func<TaskRun, bool>? combined = null;
            foreach (var check in checks)
            {
                if (check is null) continue;
                var previous = combined;
                combined = previous is null ? check : run => previous(run) && check(run);
            }
            return combined;
        }
    }
}
