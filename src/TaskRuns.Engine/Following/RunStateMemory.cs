using System;
using System.Collections.Generic;
using TaskRuns.Model;

namespace TaskRuns.Following
{
    /// <summary>
    /// What a follow has written: the last status of each run still going, and a bounded window of recent ids of runs
    /// that ended (written once, then forgotten but for the window), so memory stays flat however long it follows.
    /// </summary>
    internal sealed class RunStateMemory
    {
        private readonly Dictionary<string, TaskRunStatus> _active = new(StringComparer.Ordinal);
        private readonly Queue<string> _activeOrder = new();
        private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
        private readonly Queue<string> _endedOrder = new();
        private readonly int _capacity;

        public RunStateMemory(int capacity = 10_000) => _capacity = capacity;

        public int ActiveCount => _active.Count;
        public int EndedCount => _ended.Count;

        /// <summary>True when the run is new, or its status differs from the one last seen; it is then remembered.</summary>
        public bool Observe(TaskRun run)
        {
            string key = Key(run);
            if (_ended.Contains(key)) return false;
            if (run.IsTerminal)
            {
                _active.Remove(key);
                Add(_ended, _endedOrder, key);
                return true;
            }
            if (_active.TryGetValue(key, out TaskRunStatus last) && last == run.Status) return false;
            if (!_active.ContainsKey(key))
            {
                _activeOrder.Enqueue(key);
                TrimActive();
            }
            _active[key] = run.Status;
            return true;
        }

        public bool Knows(TaskRun run) => _ended.Contains(Key(run)) || _active.ContainsKey(Key(run));

        private void Add(HashSet<string> set, Queue<string> order, string key)
        {
            if (!set.Add(key)) return;
            order.Enqueue(key);
            while (order.Count > _capacity) set.Remove(order.Dequeue());
        }

        /// <summary>Runs that never end (or whose end was missed) must not grow memory: the oldest are forgotten.</summary>
        private void TrimActive()
        {
            while (_active.Count > _capacity && _activeOrder.Count > 0)
                _active.Remove(_activeOrder.Dequeue());
            if (_activeOrder.Count > 2 * _capacity) Compact();
        }

        private void Compact()
        {
            var keep = new Queue<string>();
            foreach (string key in _activeOrder) if (_active.ContainsKey(key)) keep.Enqueue(key);
            _activeOrder.Clear();
            foreach (string key in keep) _activeOrder.Enqueue(key);
        }

        public static string Key(TaskRun run) => run.Provider + "|" + run.Id;
    }
}
