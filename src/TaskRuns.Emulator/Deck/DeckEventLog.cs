using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator.Deck;

/// <summary>
/// Deck's events, recorded when a run of this emulator is created or changes status (triggered and spawned runs; seeded runs
/// have none). Append-only in creation order; listed newest first with opaque cursors (base64url of "e1|&lt;seq&gt;").
/// </summary>
internal sealed class DeckEventLog
{
    public const string TypePrefix = "task_run.";

    private readonly object _gate = new();
    private readonly List<DeckEvent> _events = new();
    private readonly Random _random;

    public DeckEventLog(int seed)
    {
        _random = new Random(unchecked(seed * 17 + 3));
    }

    /// <summary>
    /// Records the run's current status as an event created now (never earlier than the previous event, so the list's
    /// newest-first order is also created_at order; data.updated_at keeps when the run itself changed).
    /// </summary>
    public void Record(DeckRun run)
    {
        var data = Encoding.UTF8.GetString(Http.JsonResponse.Serialize(w => DeckJson.WriteRun(w, run)));
        lock (_gate)
        {
            var id = "evt_" + RandomIds.Base32(_random, 24);
            var now = DateTimeOffset.UtcNow;
            if (_events.Count > 0 && _events[^1].CreatedAt > now)
            {
                now = _events[^1].CreatedAt;
            }

            _events.Add(new DeckEvent(id, _events.Count, TypePrefix + run.Status, now, run.Id, data));
        }
    }

    public DeckEvent? Find(string id)
    {
        lock (_gate)
        {
            return _events.Find(e => e.Id == id);
        }
    }

    /// <summary>Up to <paramref name="take"/> matching events older than sequence <paramref name="before"/>, newest first.</summary>
    public List<DeckEvent> OlderThan(long before, int take, Func<DeckEvent, bool> predicate)
    {
        lock (_gate)
        {
            var page = new List<DeckEvent>(Math.Min(take, 128));
            for (var i = (int)Math.Min(before, _events.Count) - 1; i >= 0 && page.Count < take; i--)
            {
                if (predicate(_events[i]))
                {
                    page.Add(_events[i]);
                }
            }

            return page;
        }
    }

    public IReadOnlyList<DeckEvent> Snapshot()
    {
        lock (_gate)
        {
            return _events.ToArray();
        }
    }

    public static string CursorAfter(DeckEvent last) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("e1|" + last.Seq.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Decodes a cursor to "events with Seq below this"; false when garbled.</summary>
    public bool TryDecodeCursor(string cursor, out long before)
    {
        before = 0;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('|');
            lock (_gate)
            {
                return parts.Length == 2 && parts[0] == "e1"
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out before)
                    && before < _events.Count;
            }
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
