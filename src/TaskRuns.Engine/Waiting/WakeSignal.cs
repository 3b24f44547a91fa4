using System;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Waiting
{
    /// <summary>
    /// "Something changed, look again": set by any thread, cleared only by the one loop that waits on it. Waiting never
    /// consumes it, so a wait that ends by its timer leaves nothing behind that could take the next signal.
    /// </summary>
    /// <remarks>
    /// A SemaphoreSlim used this way loses signals: a WaitAsync cancelled after losing to a timer stays queued until its
    /// cancellation continuation runs on the thread pool, and a Release in that window completes the dead wait instead of
    /// counting. The loop, which had just looked at the queue, then slept through a pushed end until the next poll.
    /// </remarks>
    internal sealed class WakeSignal
    {
        private TaskCompletionSource<bool> _signal = NewSource();

        /// <summary>Wakes the current or next <see cref="WaitAsync"/>; stays set until <see cref="Reset"/>.</summary>
        public void Set() => Volatile.Read(ref _signal).TrySetResult(true);

        /// <summary>
        /// Clears a signal that was given. Call before looking at what signallers change (then look): a signal given after
        /// the reset wakes the next wait, and one that raced the reset was given after its change, which the look sees.
        /// </summary>
        public void Reset()
        {
            TaskCompletionSource<bool> current = Volatile.Read(ref _signal);
            if (current.Task.IsCompleted) Interlocked.CompareExchange(ref _signal, NewSource(), current);
        }

        /// <summary>Returns when signalled or after <paramref name="timeout"/>; throws when cancelled.</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            Task signalled = Volatile.Read(ref _signal).Task;
            if (signalled.IsCompleted) return;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = Task.Delay(timeout, timer.Token);
            await Task.WhenAny(signalled, delay).ConfigureAwait(false);
            timer.Cancel(); // only stops the timer: nothing is taken from the signal
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static TaskCompletionSource<bool> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
