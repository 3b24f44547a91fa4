using System;
using System.Collections.Generic;

namespace TaskRuns.Paging
{
    /// <summary>
    /// Drops a run already emitted from one of the last few pages. Offset and page paging over a list that grows at the
    /// top (new runs arriving while we page) shows rows again at page boundaries; remembering a bounded window of ids
    /// removes those repeats while memory stays flat however many runs pass through. An id that keeps coming back stays
    /// remembered from the page it was last seen on, so a server that answers every page with the same rows (one that
    /// ignores offset or page) still gives each run once.
    /// </summary>
    internal sealed class RecentIdFilter
    {
        private readonly int _pagesRemembered;
        private readonly Queue<KeyValuePair<int, List<string>>> _pages = new();
        private readonly Dictionary<string, int> _lastSeenOnPage = new(StringComparer.Ordinal);
        private List<string> _current = new();
        private int _page;

        public RecentIdFilter(int pagesRemembered = 3)
        {
            _pagesRemembered = pagesRemembered;
            _pages.Enqueue(new KeyValuePair<int, List<string>>(_page, _current));
        }

        public int Dropped { get; private set; }

        /// <summary>Starts a new page; the oldest remembered page is forgotten.</summary>
        public void BeginPage()
        {
            _page++;
            _current = new List<string>();
            _pages.Enqueue(new KeyValuePair<int, List<string>>(_page, _current));
            while (_pages.Count > _pagesRemembered)
            {
                KeyValuePair<int, List<string>> old = _pages.Dequeue();
                foreach (string id in old.Value)
                    if (_lastSeenOnPage.TryGetValue(id, out int last) && last == old.Key) _lastSeenOnPage.Remove(id);
            }
        }

        /// <summary>True the first time an id is seen within the window.</summary>
        public bool IsNew(string id)
        {
            if (_lastSeenOnPage.TryGetValue(id, out int last))
            {
                Dropped++;
                if (last != _page)
                {
                    _lastSeenOnPage[id] = _page;
                    _current.Add(id);
                }
                return false;
            }
            _lastSeenOnPage[id] = _page;
            _current.Add(id);
            return true;
        }
    }
}
