using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>
    /// A paging strategy: where the next page starts after a page, and — when the total is known — every remaining
    /// position, so pages can be fetched concurrently. One instance per listing (a cursor pager remembers the cursors it saw).
    /// </summary>
    internal abstract class Pager
    {
        public abstract PagingStyle Style { get; }

        /// <summary>The position after <paramref name="page"/>, or null when it was the last page.</summary>
        public abstract PagePosition? Next(ProviderPage page, int pageSize);

        /// <summary>All positions after <paramref name="page"/> when the total is known; null when only sequential paging is possible.</summary>
        public virtual IEnumerable<PagePosition>? RemainingPositions(ProviderPage page, int pageSize) => null;

        /// <summary>Why paging stops early though the server said more exists (a warning), or null.</summary>
        public virtual string? StoppedEarly(ProviderPage page) => null;

        public static Pager For(PagingStyle style, TaskRunProvider provider) => style switch
        {
            PagingStyle.PageNumber => new PageNumberPager(),
            PagingStyle.Offset => new OffsetPager(),
            _ => new CursorPager(provider),
        };
    }
}
