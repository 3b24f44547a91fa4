using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Model;

namespace TaskRuns.Following
{
    /// <summary>
    /// One provider's changes for a follower. The follower calls <see cref="BaselineAsync"/> once, then
    /// <see cref="NextAsync"/> again and again; when either throws, the follower waits (backoff) and calls
    /// <see cref="NextAsync"/> again, so a source must pick up where it was after a failure (reconnect, re-list).
    /// A run may be returned more than once or unchanged: the follower writes only what is new or changed.
    /// </summary>
    internal interface IRunChanges
    {
        /// <summary>The runs that exist before following starts: remembered, not written.</summary>
        Task<IReadOnlyList<TaskRun>> BaselineAsync(CancellationToken cancellationToken);

        /// <summary>Waits for the next changes (a poll interval, an event) and returns the runs seen, in their current state.</summary>
        Task<IReadOnlyList<TaskRun>> NextAsync(CancellationToken cancellationToken);
    }
}
