using System.Collections.Generic;

namespace TaskRuns.Model
{
    /// <summary>One page of runs and the opaque token that resumes paging after it.</summary>
    public sealed class TaskRunPage
    {
        /// <summary>The provider that returned the page.</summary>
        public TaskRunProvider Provider { get; set; }

        /// <summary>The runs on this page, in the provider's order.</summary>
        public IReadOnlyList<TaskRun> Items { get; set; } = new List<TaskRun>();

        /// <summary>Pass to Get-TaskRunPage -NextPageToken to get the next page; null on the last page.</summary>
        public string? NextPageToken { get; set; }

        /// <summary>True when another page exists.</summary>
        public bool HasMore { get; set; }

        /// <summary>How many runs match in all, when the API says (Deck does not).</summary>
        public long? TotalCount { get; set; }

        /// <summary>Number of runs on this page.</summary>
        public int Count => Items.Count;
    }
}
