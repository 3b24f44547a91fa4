using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using TaskRuns.Model;

namespace TaskRuns.Listing
{
    /// <summary>
    /// Runs handed out together, and what to tell once the consumer has taken them all (<see cref="Taken"/>): which
    /// pages that completes, so that each page streamer's ramp follows what the pipeline has actually written rather
    /// than what waits in a buffer. A merged batch carries the pages whose last run it holds; a page whose runs a merge
    /// still holds back is not taken yet.
    /// </summary>
    internal sealed class RunBatch : IReadOnlyList<TaskRun>
    {
        private readonly IReadOnlyList<TaskRun> _runs;
        private Action? _whenTaken;

        public RunBatch(IReadOnlyList<TaskRun> runs, Action? whenTaken = null)
        {
            _runs = runs;
            _whenTaken = whenTaken;
        }

        public int Count => _runs.Count;

        public TaskRun this[int index] => _runs[index];

        /// <summary>The consumer has taken every run of the batch (once; later calls do nothing).</summary>
        public void Taken() => Interlocked.Exchange(ref _whenTaken, null)?.Invoke();

        public IEnumerator<TaskRun> GetEnumerator() => _runs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
