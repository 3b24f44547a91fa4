using System;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Paging;

namespace TaskRuns.Providers
{
    /// <summary>
    /// Optional capability of a cursor-paged adapter whose list is newest first and filters by creation time: pages of a
    /// creation-time range, so <see cref="TimeSlicedCursorPager"/> can page several ranges at once (Deck).
    /// </summary>
    internal interface ITimeSlicedListing
    {
        /// <summary>A page of the query's runs created at or after <paramref name="from"/> and before <paramref name="before"/> (null: unbounded).</summary>
        Task<ProviderPage> ListPageInRangeAsync(
            ApiClient client, PreparedQuery query, DateTimeOffset? from, DateTimeOffset? before, PagePosition position, int pageSize, CancellationToken cancellationToken);
    }
}
