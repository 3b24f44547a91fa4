using System.Collections.Generic;

namespace TaskRuns.Paging
{
    /// <summary>
    /// A paging strategy: where the next page starts after a page, and — when the total is known — every remaining
    /// position, so pages can be fetched concurrently.
    /// </summary>
    internal abstract class Pager
    {
        public abstract PagingStyle Style { get; }

        /// <summary>The position after <paramref name="page"/>, or null when it was the last page.</summary>
        public abstract PagePosition? Next(ProviderPage page, int pageSize);

        /// <summary>All positions after <paramref name="page"/> when the total is known; null when only sequential paging is possible.</summary>
        public virtual IEnumerable<PagePosition>? RemainingPositions(ProviderPage page, int pageSize) => null;

        public static Pager For(PagingStyle style) => style switch
        {
            PagingStyle.PageNumber => new PageNumberPager(),
            PagingStyle.Offset => new OffsetPager(),
            _ => new CursorPager(),
        };
    }
}
