using System;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>
    /// An adapter that can push run updates (RunWisp's daemon event stream). A waiter listens while it polls, so a run
    /// is noticed as soon as it ends; when the source is connected, polls of that provider's runs slow to a safety net.
    /// </summary>
    internal interface IRunEventSource
    {
        /// <summary>
        /// Listens until cancelled or the source ends; calls <paramref name="connected"/> once subscribed and
        /// <paramref name="update"/> with each run's new state. Throws when the source is not available.
        /// </summary>
        Task ListenAsync(ApiClient client, Action connected, Action<TaskRun> update, CancellationToken cancellationToken);
    }
}
