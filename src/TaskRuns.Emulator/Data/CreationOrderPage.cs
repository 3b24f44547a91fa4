namespace TaskRuns.Emulator.Data;

/// <summary>
/// Offset/limit pages over a list kept in ascending creation order, served newest first (default) or
/// oldest first: a slice without filters, one linear scan with them.
/// </summary>
internal static class CreationOrderPage
{
    public static (List<T> Items, int Total) Take<T>(IReadOnlyList<T> ascending, long offset, int limit, Func<T, bool>? predicate, bool newestFirst = true)
    {
        var items = new List<T>(Math.Clamp(limit, 0, 1024));
        var count = ascending.Count;
        if (predicate is null)
        {
            for (var k = offset; k < offset + limit && k < count; k++)
            {
                items.Add(ascending[newestFirst ? (int)(count - 1 - k) : (int)k]);
            }

            return (items, count);
        }

        var matched = 0;
        for (var n = 0; n < count; n++)
        {
            var item = ascending[newestFirst ? count - 1 - n : n];
            if (!predicate(item))
            {
                continue;
            }

            if (matched >= offset && matched < offset + limit)
            {
                items.Add(item);
            }

            matched++;
        }

        return (items, matched);
    }
}
