using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using TaskRuns.Model;

namespace TaskRuns.Http
{
    /// <summary>
    /// The one HTTP path: build request → Polly pipeline (retry + per-attempt timeout) → status and content-type check
    /// → System.Text.Json reading straight from the response stream. Failures become <see cref="TaskRunApiException"/>.
    /// </summary>
    internal sealed class ApiClient
    {
        private const int MaxErrorBodyBytes = 64 * 1024;
        private static readonly ResiliencePropertyKey<HttpMethodAndPath> RequestProperty = new("TaskRuns.Request");
        private readonly IProviderProtocol _protocol;
        private readonly HttpClient _http;
        private readonly ResiliencePipeline _retrying;
        private readonly ResiliencePipeline _unsentOnly;
        private readonly RequestRateLimiter? _limiter;
        private readonly ConcurrentRequestGate? _gate;

        public ApiClient(IProviderProtocol protocol, ProviderConnection connection, RetrySettings settings, ICommandLog log)
        {
            _protocol = protocol;
            Connection = connection;
            Settings = settings;
            Log = log;
            _http = HttpClientPool.For(connection.BaseUri);
            // A provider that documents a request budget gets one limiter per origin and key, shared process-wide.
            _limiter = protocol.RateLimit is RequestRateLimit limit ? RequestRateLimiter.For(connection.BaseUri, connection.Credential, limit) : null;
            // A provider that documents a limit on requests in flight gets one gate per origin and key, shared process-wide.
            _gate = protocol.ConcurrencyLimit is RequestConcurrencyLimit concurrency ? ConcurrentRequestGate.For(connection.BaseUri, connection.Credential, concurrency) : null;
            _retrying = BuildPipeline(settings, settings.MaxRetries, IsTransient);
            _unsentOnly = BuildPipeline(settings, settings.MaxRetries, NeverSent);
        }

        public ProviderConnection Connection { get; }
        public RetrySettings Settings { get; }
        public ICommandLog Log { get; }
        public TaskRunProvider Provider => _protocol.Provider;

        /// <summary>
        /// Requests the client-side rate limit (shared by the process) would admit now, while other requests compete
        /// for it; null when the provider has no limit or nobody else is using it at the moment.
        /// </summary>
        public int? SharedRequestBudgetLeft => _limiter?.AvailableWhileShared;

        public Task<T> GetAsync<T>(string relativePathAndQuery, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
            SendAsync(ApiRequest.Get(relativePathAndQuery), type, cancellationToken);

        public Task<T> SendAsync<T>(ApiRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
            ThroughPipelineAsync(request, (uri, described, token) => SendOnceAsync(request, uri, described, type, token), cancellationToken);

        /// <summary>
        /// One attempt under the pipeline's rules (retries, per-attempt and overall timeouts, error mapping), for every send:
        /// JSON requests and streams alike.
        /// </summary>
        private async Task<T> ThroughPipelineAsync<T>(ApiRequest request, Func<Uri, HttpMethodAndPath, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        {
            RefuseUnsafeSegments(request.RelativePathAndQuery);
            Uri uri = Connection.Resolve(request.RelativePathAndQuery);
            var described = new HttpMethodAndPath(request.Method.Method, uri);
            ResiliencePipeline pipeline = request.Retry ? _retrying : _unsentOnly;
            // The request travels with the attempt so each retry's verbose line can say which request failed.
            ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestProperty, described);
            try
            {
                return await pipeline.ExecuteAsync(
                    static async (ctx, state) => await state.attempt(state.uri, state.described, ctx.CancellationToken).ConfigureAwait(false),
                    context,
                    (attempt, uri, described)).ConfigureAwait(false);
            }
            catch (TaskRunApiException)
            {
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (TimeoutRejectedException e)
            {
                throw ApiErrorFactory.TimedOut(Provider, described, e.Timeout, e, mayHaveHappened: !request.Retry);
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException)
            {
                throw ApiErrorFactory.ConnectionFailed(Provider, described, e, mayHaveHappened: !request.Retry && !NeverSent(e, CancellationToken.None), Connection);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>Sends once, signing in again once on a 401 where a cached login may have expired; an error status throws.</summary>
        private async Task<HttpResponseMessage> SendCheckedAsync(ApiRequest request, Uri uri, HttpMethodAndPath described, CancellationToken token)
        {
            bool loggedInAgain = false;
            while (true)
            {
                using var message = new HttpRequestMessage(request.Method, uri);
                if (request.Body != null) message.Content = request.Body();
                foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                if (request.Authenticate) await _protocol.AuthenticateAsync(message, Connection, this, token).ConfigureAwait(false);

                HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (status == 401 && request.Authenticate && !loggedInAgain && _protocol.ForgetAuthentication(Connection))
                {
                    response.Dispose();
                    loggedInAgain = true;
                    Log.Verbose($"{Provider}: HTTP 401 on {described}; the cached session token was refused, signing in again.");
                    continue;
                }
                if (response.IsSuccessStatusCode) return response;
                using (response)
                {
                    string? requestId = HeaderRequestId(response);
                    string body = await ReadErrorBodyAsync(response, token).ConfigureAwait(false);
                    ProviderErrorBody error = _protocol.ReadErrorBody(body);
                    TaskRunApiException refused = ApiErrorFactory.FromStatus(
                        Provider, described, status, response.ReasonPhrase, requestId ?? error.RequestId, error.Message,
                        RetryAfterHeader.Read(response, DateTimeOffset.UtcNow), error.Code, Connection);
                    if (status == 401 && request.Authenticate && Connection.Credential is null) throw _protocol.RefusedWithoutCredential(refused);
                    throw refused;
                }
            }
        }

        private async Task<T> SendOnceAsync<T>(ApiRequest request, Uri uri, HttpMethodAndPath described, JsonTypeInfo<T> type, CancellationToken token)
        {
            using HttpResponseMessage response = await SendCheckedAsync(request, uri, described, token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            string? requestId = HeaderRequestId(response);
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            long? length = response.Content.Headers.ContentLength;
            if (length == 0 && request.AllowEmptyBody) return default!;
            if (!_protocol.IsJsonMediaType(mediaType))
            {
                if (mediaType == null && length == 0) throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, "the body is empty", transient: true);
                throw ApiErrorFactory.UnexpectedContentType(Provider, described, status, requestId, mediaType);
            }

            using Stream stream = new BoundedReadStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), Settings.MaxResponseBytes);
            T? result;
            try
            {
                result = await JsonSerializer.DeserializeAsync(stream, type, token).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                // Not JSON at all (cut short by a proxy or a dropped connection, empty, garbled): worth another try.
                // Well-formed JSON of the wrong shape (a string where an array belongs) is the server's answer, and
                // asking again gives the same: fail at once. System.Text.Json reports syntax errors as a JsonException
                // wrapping the reader's own JsonException; shape errors carry no inner exception.
                bool syntax = e.InnerException is JsonException;
                throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, Describe(e), transient: syntax, e);
            }
            catch (ResponseTooLargeException e)
            {
                throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, e.Message, transient: false, e);
            }
            catch (InvalidOperationException e)
            {
                throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, e.Message, transient: false, e);
            }

            if (result is null)
            {
                if (request.AllowEmptyBody) return default!;
                throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, "the body is JSON null", transient: false);
            }
            if (result is IValidatedResponse validated && validated.Problem() is string problem)
            {
                throw ApiErrorFactory.InvalidResponse(Provider, described, status, requestId, problem, transient: false);
            }
            return result;
        }

        /// <summary>Opens a streaming GET (Server-Sent Events) through the same pipeline (auth, re-login, retries, timeouts up to the headers), without reading the body.</summary>
        public Task<HttpResponseMessage> OpenStreamAsync(string relativePathAndQuery, CancellationToken token) =>
            // Not retried on a failed answer (only when provably unsent): a stream is best-effort, and its user (the
            // waiter) falls back to polling at once instead of waiting through the backoff.
            OpenAsync(relativePathAndQuery, "text/event-stream", retry: false, token);

        /// <summary>
        /// Opens a GET whose body the caller reads itself (a text log, an event stream), through the same pipeline as every
        /// send up to the headers; the caller disposes the response.
        /// </summary>
        public Task<HttpResponseMessage> OpenAsync(string relativePathAndQuery, string accept, bool retry, CancellationToken token)
        {
            ApiRequest request = ApiRequest.Get(relativePathAndQuery);
            request.Retry = retry;
            request.Headers["Accept"] = accept;
            return ThroughPipelineAsync(request, (uri, described, attempt) => SendCheckedAsync(request, uri, described, attempt), token);
        }

        /// <summary>
        /// System.Uri un-escapes %2E and removes "." and ".." segments, so an id made only of dots would change the path
        /// (e.g. /task-runs/.. becomes /). Servers refuse an escaped NUL or other control character in a path outright
        /// (Kestrel: a bare 400), and no provider's ids contain one. Such values are refused before anything is sent.
        /// </summary>
        private void RefuseUnsafeSegments(string relativePathAndQuery)
        {
            int query = relativePathAndQuery.IndexOf('?');
            string path = query < 0 ? relativePathAndQuery : relativePathAndQuery.Substring(0, query);
            foreach (string segment in path.Split('/'))
            {
                if (segment.Length == 0) continue;
                string unescaped = Uri.UnescapeDataString(segment);
                if (unescaped.Trim('.').Length == 0)
                    throw new TaskRunInputException(Provider, "InvalidPathValue",
                        $"the value '{unescaped}' cannot be used as an id or name: a path segment made only of dots would change the request path.", unescaped);
                foreach (char c in unescaped)
                {
                    if (c < ' ' || c == '\u007f')
                        throw new TaskRunInputException(Provider, "InvalidPathValue",
                            "the value cannot be used as an id or name: it contains a control character (such as NUL, tab or a line break).", unescaped);
                }
            }
        }

        private static string Describe(JsonException e) =>
            e.Path is null ? e.Message.Split('.')[0] : $"{e.Message.Split('.')[0]} (at {e.Path}, byte {e.BytePositionInLine})";

        private static string? HeaderRequestId(HttpResponseMessage response)
        {
            foreach (string name in new[] { "x-request-id", "request-id", "x-trace-id", "traceparent" })
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    foreach (string v in values) if (!string.IsNullOrWhiteSpace(v)) return v;
                }
            }
            return null;
        }

        /// <summary>
        /// Reads the start of an error body (at most 64 KiB). Every read observes the attempt's token, so an error body
        /// that stalls half-way is an attempt timeout, never a hang.
        /// </summary>
        private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken token)
        {
            var buffer = new byte[MaxErrorBodyBytes];
            int total = 0;
            try
            {
                using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                while (total < buffer.Length)
                {
                    int read = await stream.ReadAsync(buffer, total, buffer.Length - total, token).ConfigureAwait(false);
                    if (read == 0) break;
                    total += read;
                }
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException)
            {
                token.ThrowIfCancellationRequested();
                // A body cut short still says something: keep what arrived.
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }

        private ResiliencePipeline BuildPipeline(RetrySettings settings, int maxRetries, Func<Exception?, CancellationToken, bool> retryable)
        {
            var builder = new ResiliencePipelineBuilder().AddTimeout(settings.OverallTimeout);
            if (maxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = maxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.BaseDelay,
                    MaxDelay = settings.MaxDelay,
                    ShouldHandle = args => new ValueTask<bool>(retryable(args.Outcome.Exception, args.Context.CancellationToken)),
                    DelayGenerator = args =>
                    {
                        TimeSpan? wait = args.Outcome.Exception switch
                        {
                            TaskRunApiException { RetryAfter: TimeSpan retryAfter } => retryAfter > settings.MaxDelay ? settings.MaxDelay : retryAfter,
                            TaskRunApiException { StatusCode: 429 } when _limiter != null => BudgetBackoff(settings, args.AttemptNumber),
                            _ => null,
                        };
                        return new ValueTask<TimeSpan?>(wait);
                    },
                    OnRetry = args =>
                    {
                        string request = args.Context.Properties.TryGetValue(RequestProperty, out HttpMethodAndPath described) ? " " + described : "";
                        Log.Verbose($"{Provider}:{request} attempt {args.AttemptNumber + 1} failed ({Summarise(args.Outcome.Exception)}); " +
                                    $"retry {args.AttemptNumber + 1} of {maxRetries} in {FormatWait(args.RetryDelay)}.");
                        return default;
                    },
                });
            }
            // Per attempt, inside the retry (a back-off holds neither a slot nor a place in the budget): first a slot, then
            // the budget, so a request counted by the rate limiter is sent at once instead of after a wait for a slot.
            if (_gate != null)
                builder.AddStrategy(_ => new RequestPermitStrategy(async t => await _gate.EnterAsync(t).ConfigureAwait(false), ReportGateWait),
                    new RequestPermitStrategy.Options("TaskRuns.ConcurrencyGate"));
            if (_limiter != null)
                builder.AddStrategy(_ => new RequestPermitStrategy(async t => await _limiter.WaitAsync(t).ConfigureAwait(false), ReportLimiterWait),
                    new RequestPermitStrategy.Options("TaskRuns.RateLimit"));
            return builder.AddTimeout(settings.AttemptTimeout).Build();
        }

        /// <summary>
        /// A 429 without Retry-After from a provider with a documented budget: someone else spends the same key's budget
        /// (another process or machine). Back off exponentially from at least a twentieth of the budget's window (Deck:
        /// 0.5 s, 1 s, 2 s, 4 s, 8 s: the five retries outlast one window), with jitter, never over the longest wait.
        /// </summary>
        private TimeSpan BudgetBackoff(RetrySettings settings, int attempt)
        {
            double floor = Math.Max(settings.BaseDelay.TotalMilliseconds, _limiter!.Limit.Window.TotalMilliseconds / 20);
            double wait = floor * Math.Pow(2, Math.Min(attempt, 16)) * (1 + Jitter.NextDouble() * 0.2);
            return TimeSpan.FromMilliseconds(Math.Min(wait, settings.MaxDelay.TotalMilliseconds));
        }

        [ThreadStatic] private static Random? _jitter;
        private static Random Jitter => _jitter ??= new Random(Guid.NewGuid().GetHashCode());

        private void ReportLimiterWait(ResilienceContext context, TimeSpan waited)
        {
            string request = context.Properties.TryGetValue(RequestProperty, out HttpMethodAndPath described) ? " " + described : "";
            Log.Verbose($"{Provider}:{request} waited {FormatWait(waited)} for the client-side rate limit ({_limiter!.Limit}; {Provider} allows {_limiter.Limit.Documented}).");
        }

        private void ReportGateWait(ResilienceContext context, TimeSpan waited)
        {
            string request = context.Properties.TryGetValue(RequestProperty, out HttpMethodAndPath described) ? " " + described : "";
            Log.Verbose($"{Provider}:{request} waited {FormatWait(waited)} for a free request slot ({Provider} allows {_gate!.Limit} per key; every listing and runspace of this process shares them).");
        }

        private static bool IsTransient(Exception? e, CancellationToken callerToken) => e switch
        {
            null => false,
            TaskRunApiException api => api.IsTransient,
            TimeoutRejectedException => true,
            HttpRequestException => true,
            IOException => true,
            OperationCanceledException => !callerToken.IsCancellationRequested,
            _ => false,
        };

        /// <summary>
        /// For requests that are not safe to repeat (a POST that starts a run): retry only when the request provably never
        /// reached the server — the connection was refused or the host could not be resolved.
        /// </summary>
        private static bool NeverSent(Exception? e, CancellationToken callerToken)
        {
            if (callerToken.IsCancellationRequested || e is not HttpRequestException) return false;
            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is System.Net.Sockets.SocketException socket)
                {
                    return socket.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.HostNotFound
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.HostUnreachable;
                }
            }
            return false;
        }

        private static string FormatWait(TimeSpan wait) =>
            wait < TimeSpan.FromSeconds(1)
                ? ((int)Math.Round(wait.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms"
                : wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";

        private static string Summarise(Exception? e) => e switch
        {
            TaskRunApiException { StatusCode: int status } api =>
                $"HTTP {status}{(api.ErrorId == "InvalidResponse" || api.ErrorId == "UnexpectedContentType" ? " " + api.ErrorId : "")}" +
                (api.RequestId is null ? "" : ", request id " + api.RequestId) +
                (api.RetryAfter is TimeSpan after ? ", Retry-After " + FormatWait(after) : ""),
            TaskRunApiException api => api.ErrorId,
            TimeoutRejectedException t => $"no answer within {t.Timeout.TotalSeconds:0.#} s",
            null => "unknown",
            _ => e.GetType().Name + ": " + e.Message,
        };
    }

    /// <summary>A wire DTO that can say what is missing or wrong after it was read.</summary>
    internal interface IValidatedResponse
    {
        string? Problem();
    }
}
