using System.Globalization;

namespace TaskRuns.Http
{
    /// <summary>
    /// A provider's documented limit on requests in flight at once (Anchor: at most 8 concurrent requests per API key),
    /// declared by the provider and kept by the one HTTP pipeline for every request to that origin with that key, from
    /// every command and runspace of the process (<see cref="ConcurrentRequestGate"/>).
    /// </summary>
    internal sealed class RequestConcurrencyLimit
    {
        public RequestConcurrencyLimit(int requests) => Requests = requests < 1 ? 1 : requests;

        /// <summary>The most requests TaskRuns has in flight at once (no headroom: concurrency is counted exactly client-side).</summary>
        public int Requests { get; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} concurrent requests", Requests);
    }
}
