using System;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Paging
{
    /// <summary>
    /// How much of a <see cref="PageStreamer"/>'s listing its final consumer has taken — written out, not merely handed
    /// to a buffer or held by a merge — counted in ramp steps. The streamer's ramp follows it, so pages waiting unread in
    /// a buffer never raise the concurrency, and a consumer that takes pages at once raises it within a few round trips.
    /// A step is a page taken, or <see cref="RowsPerStep"/> rows taken, whichever counts more: a consumer that has
    /// written one 1,000-run page of -All has shown as much appetite as one that wrote twenty 50-run pages, so large
    /// pages reach the throttle after the first page instead of the third. Nothing changes before the first page is
    /// taken, so a pipeline stopped within it still costs one page ahead. Thread-safe: the consumer reports from its own
    /// thread, the streamer waits for the next report on its own.
    /// </summary>
    internal sealed class PageConsumption
    {
        private readonly object _gate = new();
        private int _pages;
        private long _rows;
        private TaskCompletionSource<bool> _next = NewSignal();

        /// <param name="rowsPerStep">
        /// Rows that count as one ramp step (the provider's default page size); null: only pages count.
        /// </param>
        public PageConsumption(int? rowsPerStep = null)
        {
            if (rowsPerStep is int rows && rows < 1) throw new ArgumentOutOfRangeException(nameof(rowsPerStep));
            RowsPerStep = rowsPerStep;
        }

        /// <summary>Rows that count as one ramp step; null when only pages count.</summary>
        public int? RowsPerStep { get; }

        /// <summary>Pages taken so far.</summary>
        public int Pages => Volatile.Read(ref _pages);

        /// <summary>Ramp steps so far: pages taken, or whole <see cref="RowsPerStep"/>s of rows taken if more.</summary>
        public int Steps
        {
            get
            {
                lock (_gate)
                {
                    if (RowsPerStep is not int perStep) return _pages;
                    return (int)Math.Max(_pages, Math.Min(int.MaxValue, _rows / perStep));
                }
            }
        }

        /// <summary>The consumer has taken one more page (all of its <paramref name="rows"/> rows, as the server sent them).</summary>
        public void Taken(int rows = 0)
        {
            TaskCompletionSource<bool> reached;
            lock (_gate)
            {
                _pages++;
                _rows += Math.Max(0, rows);
                reached = _next;
                _next = NewSignal();
            }
            reached.TrySetResult(true);
        }

        /// <summary>Completes at the next <see cref="Taken"/> (continuations never run on the consumer's thread).</summary>
        public Task NextTaken()
        {
            lock (_gate) return _next.Task;
        }

        private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
