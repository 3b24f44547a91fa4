using System;
using System.Collections.Generic;

namespace TaskRuns.Paging
{
    /// <summary>
    /// Drops a run already emitted from one of the last few pages. Offset and page paging over a list that grows at the
    /// top (new runs arriving while we page) shows rows again at page boundaries; remembering a bounded window of ids
    /// removes those repeats while memory stays flat however many runs pass through.
    /// </summary>
    internal sealed class RecentIdFilter
    {
        private readonly int _pagesRemembered;
        private readonly Queue<List<string>> _pages = new();
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private List<string> _current = new();

        public RecentIdFilter(int pagesRemembered = 3)
        {
            _pagesRemembered = pagesRemembered;
            _pages.Enqueue(_current);
        }

        public int Dropped { get; private set; }

        /// <summary>Starts a new page; the oldest remembered page is forgotten.</summary>
        public void BeginPage()
        {
            _current = new List<string>();
            _pages.Enqueue(_current);
            while (_pages.Count > _pagesRemembered)
            {
                foreach (string id in _pages.Dequeue()) _ids.Remove(id);
            }
        }

        /// <summary>True the first time an id is seen within the window.</summary>
        public bool IsNew(string id)
        {
            if (!_ids.Add(id))
            {
                Dropped++;
                return false;
            }
            _current.Add(id);
            return true;
        }
    }
}
