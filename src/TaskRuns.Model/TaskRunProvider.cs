namespace TaskRuns.Model
{
    /// <summary>The hosted automation services TaskRuns can talk to.</summary>
    public enum TaskRunProvider
    {
        /// <summary>Anchor Browser (page/limit/totalPages paging).</summary>
        Anchor,
        /// <summary>RunWisp, the self-hosted daemon (offset/limit/total paging).</summary>
        RunWisp,
        /// <summary>Deck (cursor/next_cursor/has_more paging).</summary>
        Deck,
        /// <summary>BrowserAct (page/limit/total_pages paging).</summary>
        BrowserAct,
    }
}
