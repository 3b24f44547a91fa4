using System.Collections.Generic;

namespace TaskRuns.Model
{
    /// <summary>One page of runs and the opaque token that resumes paging after it.</summary>
    public sealed class TaskRunPage
    {
        /// <summary>The provider that returned the page.</summary>
        public TaskRunProvider Provider { get; set; }

        /// <summary>
        /// The runs on this page, in the provider's order. Where TaskRuns checks a filter itself (a -Status the API cannot filter on),
        /// a page can hold fewer runs than -PageSize, or none, while HasMore is still True: keep paging.
        /// </summary>
        public IReadOnlyList<TaskRun> Items { get; set; } = new List<TaskRun>();

        /// <summary>Pass to Get-TaskRunPage -NextPageToken to get the next page; null on the last page.</summary>
        public string? NextPageToken { get; set; }

        /// <summary>True when another page exists.</summary>
        public bool HasMore { get; set; }

        /// <summary>How many runs match in all, when the API says (Deck does not); null where TaskRuns checks a filter itself, as the API's total would count runs that do not match.</summary>
        public long? TotalCount { get; set; }

        /// <summary>Number of runs on this page.</summary>
        public int Count => Items.Count;
    }
}
