using System;
using System.Collections.Generic;
using System.Net.Http;

namespace TaskRuns.Http
{
    /// <summary>One logical request: method, path relative to the provider's base URI, optional body and extras.</summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, string relativePathAndQuery)
        {
            Method = method;
            RelativePathAndQuery = relativePathAndQuery;
        }

        public static ApiRequest Get(string relativePathAndQuery) => new(HttpMethod.Get, relativePathAndQuery);

        public HttpMethod Method { get; }
        public string RelativePathAndQuery { get; }

        /// <summary>Builds the body for each attempt (an HttpContent cannot be sent twice).</summary>
        public Func<HttpContent>? Body { get; set; }

        /// <summary>False for login requests that carry their own proof.</summary>
        public bool Authenticate { get; set; } = true;

        /// <summary>
        /// Whether a failed attempt may be sent again. GETs may; a POST that starts something only when
        /// the provider de-duplicates it (idempotency key). Failures before anything was sent are always retried.
        /// </summary>
        public bool Retry { get; set; } = true;

        /// <summary>Whether an empty 2xx body is acceptable (the result is then default).</summary>
        public bool AllowEmptyBody { get; set; }

        public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }
}
