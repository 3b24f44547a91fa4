using System.Collections.Generic;

namespace TaskRuns.Paging
{
    /// <summary>offset/limit/total paging. Advances by the rows actually returned, stops on an empty page or at the total.</summary>
    internal sealed class OffsetPager : Pager
    {
        public override PagingStyle Style => PagingStyle.Offset;

        public override PagePosition? Next(ProviderPage page, int pageSize)
        {
            if (page.ItemCount == 0) return null;
            long next = page.Position.Number + page.ItemCount;
            if (page.TotalCount is long total && next >= total) return null;
            if (page.TotalCount is null && page.ItemCount < pageSize) return null;
            return PagePosition.Offset(next);
        }

        public override IEnumerable<PagePosition>? RemainingPositions(ProviderPage page, int pageSize)
        {
            // Only when the server honoured the page size, so offsets computed ahead line up with what it returns.
            if (page.ItemCount != pageSize || page.TotalCount is not long total) return null;
            return Range(page.Position.Number + pageSize, total, pageSize);
        }

        private static IEnumerable<PagePosition> Range(long from, long total, int step)
        {
            for (long offset = from; offset < total; offset += step) yield return PagePosition.Offset(offset);
        }
    }
}
