using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Tests.Unit;

public class PagerTests
{
    private static List<TaskRun> Runs(int n, int start = 0) =>
        Enumerable.Range(start, n).Select(i => new TaskRun { Id = "r" + i }).ToList();

    [Fact]
    public void Page_number_pager_advances_until_total_pages()
    {
        var pager = new PageNumberPager();
        var page = new ProviderPage(PagePosition.Page(1), Runs(10)) { TotalPages = 3, TotalCount = 25 };
        Assert.Equal(2, pager.Next(page, 10)!.Value.Number);
        var last = new ProviderPage(PagePosition.Page(3), Runs(5)) { TotalPages = 3 };
        Assert.Null(pager.Next(last, 10));
    }

    [Fact]
    public void Page_number_pager_stops_on_the_seed_trap_page_beyond_total_pages()
    {
        // Seed 000's example: page 2, limit 2, total 1, totalPages 1.
        var page = new ProviderPage(PagePosition.Page(2), Runs(1)) { TotalPages = 1, TotalCount = 1 };
        Assert.Null(new PageNumberPager().Next(page, 2));
    }

    [Fact]
    public void Page_number_pager_stops_on_an_empty_page_even_if_metadata_says_more()
    {
        var page = new ProviderPage(PagePosition.Page(4), Runs(0)) { TotalPages = 100 };
        Assert.Null(new PageNumberPager().Next(page, 10));
    }

    [Fact]
    public void Page_number_pager_lists_remaining_pages_once_total_is_known()
    {
        var page = new ProviderPage(PagePosition.Page(1), Runs(10)) { TotalPages = 4 };
        Assert.Equal(new long[] { 2, 3, 4 }, new PageNumberPager().RemainingPositions(page, 10)!.Select(p => p.Number));
    }

    [Fact]
    public void Offset_pager_advances_by_rows_returned_and_stops_at_total()
    {
        var pager = new OffsetPager();
        var first = new ProviderPage(PagePosition.Offset(0), Runs(50)) { TotalCount = 120 };
        Assert.Equal(50, pager.Next(first, 50)!.Value.Number);
        var clamped = new ProviderPage(PagePosition.Offset(50), Runs(20)) { TotalCount = 120 };
        Assert.Equal(70, pager.Next(clamped, 50)!.Value.Number);
        var last = new ProviderPage(PagePosition.Offset(100), Runs(20)) { TotalCount = 120 };
        Assert.Null(pager.Next(last, 50));
    }

    [Fact]
    public void Offset_pager_plans_ahead_only_when_the_server_honoured_the_page_size()
    {
        var pager = new OffsetPager();
        var honoured = new ProviderPage(PagePosition.Offset(0), Runs(50)) { TotalCount = 160 };
        Assert.Equal(new long[] { 50, 100, 150 }, pager.RemainingPositions(honoured, 50)!.Select(p => p.Number));
        var clamped = new ProviderPage(PagePosition.Offset(0), Runs(20)) { TotalCount = 160 };
        Assert.Null(pager.RemainingPositions(clamped, 50));
    }

    [Fact]
    public void Cursor_pager_stops_when_has_more_is_false_or_cursor_missing()
    {
        var pager = new CursorPager(TaskRunProvider.Deck);
        Assert.Equal("c2", pager.Next(new ProviderPage(PagePosition.AtCursor(null), Runs(3)) { HasMore = true, NextCursor = "c2" }, 3)!.Value.Cursor);
        Assert.Null(pager.Next(new ProviderPage(PagePosition.AtCursor("c2"), Runs(3)) { HasMore = false, NextCursor = "c3" }, 3));
        Assert.Null(pager.Next(new ProviderPage(PagePosition.AtCursor("c2"), Runs(3)) { HasMore = true, NextCursor = null }, 3));
    }

    [Fact]
    public void Recent_id_filter_drops_repeats_within_the_window_and_forgets_old_pages()
    {
        var filter = new RecentIdFilter(pagesRemembered: 2);
        Assert.True(filter.IsNew("a"));
        filter.BeginPage();
        Assert.False(filter.IsNew("a"));
        Assert.True(filter.IsNew("b"));
        filter.BeginPage();
        filter.BeginPage(); // "a" (page 1) is forgotten now
        Assert.True(filter.IsNew("a"));
        Assert.Equal(1, filter.Dropped);
    }

    [Fact]
    public void Continuation_token_round_trips_and_rejects_garbage()
    {
        var token = new ContinuationToken(TaskRunProvider.Deck, PagePosition.AtCursor("abc/+=="), 25, "f00d");
        var decoded = ContinuationToken.TryDecode(token.Encode(), out string? problem);
        Assert.Null(problem);
        Assert.Equal(TaskRunProvider.Deck, decoded!.Provider);
        Assert.Equal("abc/+==", decoded.Position.Cursor);
        Assert.Equal(25, decoded.PageSize);
        Assert.Equal("f00d", decoded.FilterHash);

        Assert.Null(ContinuationToken.TryDecode("not a token", out problem));
        Assert.NotNull(problem);
        Assert.Null(ContinuationToken.TryDecode("eyJ2IjoyfQ", out _)); // {"v":2}
    }
}
