using System;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>Reads Provider, Id and TaskId from a TaskRun, a deserialized TaskRun (remoting, jobs) or any object carrying them.</summary>
    internal static class RunReference
    {
        public static TaskRun? From(PSObject item)
        {
            if (item.BaseObject is TaskRun run) return run;
            string? provider = item.Properties["Provider"]?.Value?.ToString();
            string? id = item.Properties["Id"]?.Value?.ToString();
            if (string.IsNullOrEmpty(id) || !Enum.TryParse(provider, ignoreCase: true, out TaskRunProvider parsed)) return null;
            return new TaskRun
            {
                Provider = parsed,
                Id = id!,
                TaskId = item.Properties["TaskId"]?.Value?.ToString(),
                ProviderStatus = item.Properties["ProviderStatus"]?.Value?.ToString() ?? string.Empty,
            };
        }
    }
}
