using System;
using System.Threading.Tasks;
using Polly;

namespace TaskRuns.Http
{
    /// <summary>
    /// The pipeline step that holds each attempt until the provider's concurrent-request allowance has a free slot, and
    /// frees the slot when the attempt ends (answer read, fault, timeout or cancellation). It sits inside the retry, so a
    /// retry's back-off holds no slot, and outside the per-attempt timeout, so time spent waiting for a slot is never an
    /// attempt timeout.
    /// </summary>
    internal sealed class ConcurrencyGateStrategy : ResilienceStrategy
    {
        private readonly ConcurrentRequestGate _gate;
        private readonly Action<ResilienceContext, TimeSpan> _waited;

        public ConcurrencyGateStrategy(ConcurrentRequestGate gate, Action<ResilienceContext, TimeSpan> waited)
        {
            _gate = gate;
            _waited = waited;
        }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            ConcurrentRequestGate.Slot slot;
            try
            {
                slot = await _gate.EnterAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException e)
            {
                return Outcome.FromException<TResult>(e);
            }
            using (slot)
            {
                slot.MarkHeld();
                if (slot.Waited >= ReportedWait) _waited(context, slot.Waited);
                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }

        /// <summary>Waits shorter than this are not worth a verbose line.</summary>
        private static readonly TimeSpan ReportedWait = TimeSpan.FromMilliseconds(10);

        /// <summary>The options Polly's builder asks for; the strategy has none of its own.</summary>
        public sealed class Options : ResilienceStrategyOptions
        {
            public Options() => Name = "TaskRuns.ConcurrencyGate";
        }
    }
}
