using System;
using System.Globalization;

namespace TaskRuns.Http
{
    /// <summary>
    /// A provider's documented request budget (Deck: 200 requests per 10 s per API key), declared by the provider and
    /// kept by the one HTTP pipeline for every request to that origin with that key. <see cref="Requests"/> is what
    /// TaskRuns allows itself: the documented number less a headroom.
    /// </summary>
    internal sealed class RequestRateLimit
    {
        /// <param name="documented">The requests the provider allows per <paramref name="window"/>.</param>
        /// <param name="window">The provider's documented window (Deck: 10 s).</param>
        /// <param name="headroom">
        /// The share kept unused (0.1 = 10 %): requests sent inside our window can arrive inside a shorter one at the
        /// server when network delays vary, and the server's clock is not ours.
        /// </param>
        public RequestRateLimit(int documented, TimeSpan window, double headroom)
        {
            Documented = documented;
            Window = window;
            Requests = Math.Max(1, (int)Math.Floor(documented * (1 - headroom)));
        }

        public int Documented { get; }
        public TimeSpan Window { get; }

        /// <summary>The most requests TaskRuns sends in any <see cref="Window"/>.</summary>
        public int Requests { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} requests per {1:0.#} s", Requests, Window.TotalSeconds);
    }
}
