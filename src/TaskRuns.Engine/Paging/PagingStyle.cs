namespace TaskRuns.Paging
{
    /// <summary>How a provider's list endpoint pages.</summary>
    public enum PagingStyle
    {
        /// <summary>page + limit, with a total page count (Anchor, BrowserAct).</summary>
        PageNumber,
        /// <summary>offset + limit, with a total row count (RunWisp).</summary>
        Offset,
        /// <summary>an opaque cursor + has_more (Deck).</summary>
        Cursor,
    }
}
