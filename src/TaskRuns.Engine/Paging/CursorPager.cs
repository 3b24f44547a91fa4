namespace TaskRuns.Paging
{
    /// <summary>cursor/next_cursor/has_more paging. Sequential by nature; a cursor seen before is a server fault, never a loop.</summary>
    internal sealed class CursorPager : Pager
    {
        public override PagingStyle Style => PagingStyle.Cursor;

        public override PagePosition? Next(ProviderPage page, int pageSize)
        {
            if (page.HasMore == false || string.IsNullOrEmpty(page.NextCursor)) return null;
            return PagePosition.AtCursor(page.NextCursor);
        }
    }
}
