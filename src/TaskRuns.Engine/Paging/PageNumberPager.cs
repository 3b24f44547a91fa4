using System.Collections.Generic;

namespace TaskRuns.Paging
{
    /// <summary>page/limit/totalPages paging. Stops on an empty page or once page ≥ totalPages, even when the metadata is inconsistent.</summary>
    internal sealed class PageNumberPager : Pager
    {
        public override PagingStyle Style => PagingStyle.PageNumber;

        public override PagePosition? Next(ProviderPage page, int pageSize)
        {
            if (page.ItemCount == 0) return null;
            long current = page.Position.Number;
            if (page.TotalPages is long totalPages)
            {
                if (current >= totalPages) return null;
            }
            else if (page.TotalCount is long total)
            {
                if (current * pageSize >= total) return null;
            }
            else if (page.HasMore == false || page.ItemCount < pageSize)
            {
                return null;
            }
            return PagePosition.Page(current + 1);
        }

        public override IEnumerable<PagePosition>? RemainingPositions(ProviderPage page, int pageSize)
        {
            if (page.ItemCount == 0) return null;
            long? last = page.TotalPages ?? (page.TotalCount is long total ? (total + pageSize - 1) / pageSize : null);
            if (last is not long lastPage) return null;
            return Range(page.Position.Number + 1, lastPage);
        }

        private static IEnumerable<PagePosition> Range(long from, long to)
        {
            for (long p = from; p <= to; p++) yield return PagePosition.Page(p);
        }
    }
}
