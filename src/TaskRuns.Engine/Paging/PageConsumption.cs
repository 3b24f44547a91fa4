using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Paging
{
    /// <summary>
    /// How many of a <see cref="PageStreamer"/>'s pages its final consumer has taken — written out, not merely handed to
    /// a buffer or held by a merge. The streamer's ramp follows it, so pages waiting unread in a buffer never raise the
    /// concurrency, and a consumer that takes pages at once raises it within a few round trips. Thread-safe: the consumer
    /// reports from its own thread, the streamer waits for the next report on its own.
    /// </summary>
    internal sealed class PageConsumption
    {
        private readonly object _gate = new();
        private int _pages;
        private TaskCompletionSource<bool> _next = NewSignal();

        /// <summary>Pages taken so far.</summary>
        public int Pages => Volatile.Read(ref _pages);

        /// <summary>The consumer has taken one more page (all of its rows).</summary>
        public void Taken()
        {
            TaskCompletionSource<bool> reached;
            lock (_gate)
            {
                _pages++;
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
