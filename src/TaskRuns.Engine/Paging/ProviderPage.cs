using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>A page as the provider described it; each pager reads the fields its style uses.</summary>
    internal sealed class ProviderPage
    {
        public ProviderPage(PagePosition position, IReadOnlyList<TaskRun> items)
        {
            Position = position;
            Items = items;
        }

        public PagePosition Position { get; }
        public IReadOnlyList<TaskRun> Items { get; }

        /// <summary>Total matching rows, when the API says.</summary>
        public long? TotalCount { get; set; }

        /// <summary>Total pages, when the API says (page-number style).</summary>
        public long? TotalPages { get; set; }

        /// <summary>The cursor for the next page (cursor style).</summary>
        public string? NextCursor { get; set; }

        /// <summary>Whether the API says more pages exist (cursor style).</summary>
        public bool? HasMore { get; set; }

        /// <summary>The page size the server actually used, if it said.</summary>
        public int? ServerPageSize { get; set; }
    }
}
