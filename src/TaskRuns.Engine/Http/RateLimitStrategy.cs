using System;
using System.Threading.Tasks;
using Polly;

namespace TaskRuns.Http
{
    /// <summary>
    /// The pipeline step that holds each attempt (retries too) until the provider's request budget has room, and tells the
    /// budget when the attempt has ended. It sits between the retry and the per-attempt timeout, so time spent waiting for
    /// the budget is never an attempt timeout.
    /// </summary>
    internal sealed class RateLimitStrategy : ResilienceStrategy
    {
        private readonly RequestRateLimiter _limiter;
        private readonly Action<ResilienceContext, TimeSpan> _waited;

        public RateLimitStrategy(RequestRateLimiter limiter, Action<ResilienceContext, TimeSpan> waited)
        {
            _limiter = limiter;
            _waited = waited;
        }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            RequestRateLimiter.Admission admission;
            try
            {
                admission = await _limiter.WaitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException e)
            {
                return Outcome.FromException<TResult>(e);
            }
            // The request counts until a window after it completes, however it ends.
            using (admission)
            {
                if (admission.Waited >= ReportedWait) _waited(context, admission.Waited);
                return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }

        /// <summary>Waits shorter than this are not worth a verbose line.</summary>
        private static readonly TimeSpan ReportedWait = TimeSpan.FromMilliseconds(10);

        /// <summary>The options Polly's builder asks for; the strategy has none of its own.</summary>
        public sealed class Options : ResilienceStrategyOptions
        {
            public Options() => Name = "TaskRuns.RateLimit";
        }
    }
}
