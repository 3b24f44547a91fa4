using System.Globalization;

namespace TaskRuns.Paging
{
    /// <summary>Where a page starts: a page number, a row offset or a cursor (null cursor = the first page).</summary>
    internal readonly struct PagePosition
    {
        private PagePosition(PagingStyle style, long number, string? cursor)
        {
            Style = style;
            Number = number;
            Cursor = cursor;
        }

        public PagingStyle Style { get; }

        /// <summary>Page number (1-based) or row offset (0-based).</summary>
        public long Number { get; }

        public string? Cursor { get; }

        public static PagePosition Page(long page) => new(PagingStyle.PageNumber, page, null);
        public static PagePosition Offset(long offset) => new(PagingStyle.Offset, offset, null);
        public static PagePosition AtCursor(string? cursor) => new(PagingStyle.Cursor, 0, cursor);

        public static PagePosition First(PagingStyle style) => style switch
        {
            PagingStyle.PageNumber => Page(1),
            PagingStyle.Offset => Offset(0),
            _ => AtCursor(null),
        };

        /// <summary>The position as text for a continuation token.</summary>
        public string Serialise() => Style == PagingStyle.Cursor ? Cursor ?? string.Empty : Number.ToString(CultureInfo.InvariantCulture);

        public static PagePosition? Parse(PagingStyle style, string? text)
        {
            if (style == PagingStyle.Cursor) return AtCursor(string.IsNullOrEmpty(text) ? null : text);
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return null;
            if (style == PagingStyle.PageNumber && n < 1) return null;
            return style == PagingStyle.PageNumber ? Page(n) : Offset(n);
        }

        public override string ToString() => Style switch
        {
            PagingStyle.PageNumber => "page " + Number.ToString(CultureInfo.InvariantCulture),
            PagingStyle.Offset => "offset " + Number.ToString(CultureInfo.InvariantCulture),
            _ => Cursor is null ? "first cursor page" : "cursor " + Cursor,
        };
    }
}
