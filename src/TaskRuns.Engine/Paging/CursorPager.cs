using System;
using System.Collections.Generic;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>
    /// cursor/next_cursor/has_more paging. Sequential by nature; a cursor seen before (including the one just sent) is a
    /// server fault, never a loop: <see cref="Next"/> throws RepeatedPageCursor.
    /// </summary>
    internal sealed class CursorPager : Pager
    {
        public const string RepeatedPageCursor = "RepeatedPageCursor";

        private readonly TaskRunProvider _provider;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public CursorPager(TaskRunProvider provider) => _provider = provider;

        public override PagingStyle Style => PagingStyle.Cursor;

        public override PagePosition? Next(ProviderPage page, int pageSize)
        {
            if (page.Position.Cursor is string sent) _seen.Add(sent);
            if (page.HasMore == false || string.IsNullOrEmpty(page.NextCursor)) return null;
            if (_seen.Contains(page.NextCursor!))
                throw new TaskRunApiException(
                    _provider, RepeatedPageCursor, System.Management.Automation.ErrorCategory.InvalidResult,
                    $"{_provider}: the server returned a cursor it had already returned; paging stopped to avoid a loop.");
            return PagePosition.AtCursor(page.NextCursor);
        }

        public override string? StoppedEarly(ProviderPage page) =>
            page.HasMore == true && string.IsNullOrEmpty(page.NextCursor)
                ? $"{_provider}: the server said more runs exist (has_more) but sent no cursor; listing stops here."
                : null;
    }
}
