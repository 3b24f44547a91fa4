using System;
using TaskRuns.Providers;

namespace TaskRuns.Listing
{
    /// <summary>
    /// How much of a listing to read: every page or one, runs to skip and to return, page size and pages in flight.
    /// The defaults and limits of page size and throttle live here, in one place, against the provider's descriptor.
    /// </summary>
    internal sealed class ListingRequest
    {
        /// <summary>Every page (-All).</summary>
        public bool All { get; set; }

        /// <summary>Runs (that pass the filters) to skip first.</summary>
        public ulong Skip { get; set; }

        /// <summary>The most runs to return; <see cref="ulong.MaxValue"/> for no limit.</summary>
        public ulong First { get; set; } = ulong.MaxValue;

        /// <summary>-PageSize; null for the provider's default.</summary>
        public int? PageSize { get; set; }

        /// <summary>-ThrottleLimit; null for the provider's limit.</summary>
        public int? ThrottleLimit { get; set; }

        /// <summary>
        /// The consumer calls <see cref="RunBatch.Taken"/> once it has taken (written) each batch's runs, and the paging
        /// ramp follows that. False: a batch counts as taken when the consumer asks for the next one.
        /// </summary>
        public bool ReportsTaken { get; set; }

        public bool Limited => First != ulong.MaxValue;

        /// <summary>True when more than the first page may be read: -All, -First or -Skip.</summary>
        public bool AllPages => All || Limited || Skip > 0 || ForceAllPages;

        /// <summary>
        /// The page size: -PageSize; else the provider's page size for one page; its largest with -All; with -First/-Skip
        /// what they need, between the two.
        /// </summary>
        public int PageSizeFor(ProviderDescriptor descriptor)
        {
            int size = PageSize ?? (!AllPages ? descriptor.DefaultPageSize
                : !Limited ? descriptor.MaxPageSize
                : (int)Math.Max((ulong)descriptor.DefaultPageSize, Math.Min((ulong)descriptor.MaxPageSize, Skip + First)));
            CheckPageSize(descriptor, size);
            return size;
        }

        public int ThrottleFor(ProviderDescriptor descriptor) => Math.Min(ThrottleLimit ?? descriptor.MaxConcurrentPages, descriptor.MaxConcurrentPages);

        /// <summary>
        /// The request for one stream of a merged listing: no skip, and at most Skip + First runs (the merged Skip/First
        /// can need that many from any one stream, never more), so each stream stops fetching by itself.
        /// </summary>
        public ListingRequest ForStream() => new()
        {
            All = All,
            Skip = 0,
            First = !Limited ? ulong.MaxValue : (ulong.MaxValue - First < Skip ? ulong.MaxValue - 1 : Skip + First),
            PageSize = PageSize,
            ThrottleLimit = ThrottleLimit,
            ReportsTaken = ReportsTaken,
            ForceAllPages = AllPages,
        };

        /// <summary>The same request with another page throttle (a provider's limit shared out between its tasks).</summary>
        public ListingRequest WithThrottle(int throttle) => new()
        {
            All = All, Skip = Skip, First = First, PageSize = PageSize, ThrottleLimit = throttle, ReportsTaken = ReportsTaken, ForceAllPages = ForceAllPages,
        };

        /// <summary>Set on a stream's request when the merged request reads past the first page (-Skip alone).</summary>
        private bool ForceAllPages { get; set; }

        public static void CheckPageSize(ProviderDescriptor descriptor, int? size)
        {
            if (size > descriptor.MaxPageSize)
                throw new TaskRunInputException(descriptor.Name, "InvalidPageSize", $"-PageSize can be at most {descriptor.MaxPageSize} for {descriptor.Name}.", size);
        }
    }
}
