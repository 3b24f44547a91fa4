using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Providers
{
    /// <summary>
    /// One adapter per provider: knows its wire format, query parameters and status map — nothing about PowerShell.
    /// Optional abilities are separate interfaces an adapter may also implement (<see cref="IRunEventSource"/>).
    /// </summary>
    internal interface ITaskRunProvider : IProviderProtocol
    {
        ProviderDescriptor Descriptor { get; }

        /// <summary>Checks a query before any request and plans it once: wire filters, server statuses, client-side check.</summary>
        PreparedQuery Prepare(TaskRunQuery query);

        /// <summary>Checks the shape of a run id (and task id where needed) for a single-run request.</summary>
        void ValidateRunReference(string? taskId, string id);

        Task<ProviderPage> ListPageAsync(ApiClient client, PreparedQuery query, PagePosition position, int pageSize, CancellationToken cancellationToken);

        Task<TaskRun> GetRunAsync(ApiClient client, string? taskId, string id, CancellationToken cancellationToken);

        /// <summary>The run's current state for a waiter, using the provider's cheapest call.</summary>
        Task<TaskRun> RefreshAsync(ApiClient client, TaskRun current, CancellationToken cancellationToken);

        /// <summary>What a run in WaitingForInput waits for, in a few words (its status, and the provider's prompt when it has one).</summary>
        string DescribeWait(TaskRun run);

        Task<IReadOnlyList<TaskRunTask>> ListTasksAsync(ApiClient client, CancellationToken cancellationToken);

        /// <summary>Starts a run of a task and returns it in its real initial state.</summary>
        Task<TaskRun> StartRunAsync(ApiClient client, string taskId, RunStartRequest request, CancellationToken cancellationToken);

        /// <summary>Asks the provider to stop a run; returns the run's state afterwards.</summary>
        Task<TaskRun> StopRunAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken);
    }
}
