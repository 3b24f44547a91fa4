using System;
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
            ItemCount = items.Count;
        }

        /// <summary>A page of something other than runs (tasks): only its count and paging facts matter.</summary>
        public ProviderPage(PagePosition position, int itemCount)
        {
            Position = position;
            Items = Array.Empty<TaskRun>();
            ItemCount = itemCount;
        }

        public PagePosition Position { get; }
        public IReadOnlyList<TaskRun> Items { get; }

        /// <summary>How many rows the page held (what the pagers count).</summary>
        public int ItemCount { get; }

        /// <summary>Total matching rows, when the API says.</summary>
        public long? TotalCount { get; set; }

        /// <summary>Total pages, when the API says (page-number style).</summary>
        public long? TotalPages { get; set; }

        /// <summary>The cursor for the next page (cursor style).</summary>
        public string? NextCursor { get; set; }

        /// <summary>Whether the API says more pages exist (cursor style).</summary>
        public bool? HasMore { get; set; }
    }
}
