using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace TaskRuns.Http
{
    /// <summary>
    /// The pipeline step that holds each attempt until a provider limit grants it a permit (a free slot of the
    /// concurrency gate, room in the rate budget) and gives the permit back when the attempt ends (answer read, fault,
    /// timeout or cancellation). It sits inside the retry, so a retry's back-off holds no permit, and outside the
    /// per-attempt timeout, so time spent waiting for a permit is never an attempt timeout.
    /// </summary>
    internal sealed class RequestPermitStrategy : ResilienceStrategy
    {
        /// <summary>Waits shorter than this are not worth a verbose line.</summary>
        private static readonly TimeSpan ReportedWait = TimeSpan.FromMilliseconds(10);

        private readonly Func<CancellationToken, Task<IRequestPermit>> _acquire;
        private readonly Action<ResilienceContext, TimeSpan> _waited;

        public RequestPermitStrategy(Func<CancellationToken, Task<IRequestPermit>> acquire, Action<ResilienceContext, TimeSpan> waited)
        {
            _acquire = acquire;
            _waited = waited;
        }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            IRequestPermit permit;
            try
            {
                permit = await _acquire(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException e)
            {
                return Outcome.FromException<TResult>(e);
            }
            using (permit)
            {
                permit.Hold();
                if (permit.Waited >= ReportedWait) _waited(context, permit.Waited);
                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }

        /// <summary>The options Polly's builder asks for: only the step's name (one per limit).</summary>
        public sealed class Options : ResilienceStrategyOptions
        {
            public Options(string name) => Name = name;
        }
    }
}
