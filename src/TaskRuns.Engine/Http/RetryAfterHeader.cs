using System;
using System.Net.Http;

namespace TaskRuns.Http
{
    /// <summary>Reads Retry-After as seconds or as an HTTP-date.</summary>
    internal static class RetryAfterHeader
    {
        public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (header.Date is DateTimeOffset date)
            {
                TimeSpan wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
