using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// Reads RunWisp's Server-Sent Events feed (GET /api/runs/stream) and hands every run it mentions to a callback,
    /// so a waiter notices completion at once instead of polling. Ends (and reports it) when the feed is unavailable.
    /// </summary>
    internal static class RunWispEventStream
    {
        public static async Task ListenAsync(ApiClient client, Action connected, Action<TaskRun> onRun, CancellationToken cancellationToken)
        {
            using HttpResponseMessage response = await client.OpenStreamAsync("api/runs/stream", cancellationToken).ConfigureAwait(false);
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
                throw new TaskRunApiException(TaskRunProvider.RunWisp, "UnexpectedContentType", System.Management.Automation.ErrorCategory.InvalidResult,
                    $"RunWisp: the event stream answered with '{mediaType}', not text/event-stream.");
            connected();

            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var events = new ServerSentEventReader(stream);
            // The token goes into every read: cancelling a pending read tears the connection down at once. Disposing
            // the stream instead (or a token-less read) leaves the read pending while HttpClient tries to drain the
            // endless response for up to 2 s, so Ctrl+C waited for that or for the daemon's next ping.
            while (await events.ReadEventAsync(cancellationToken).ConfigureAwait(false) is ServerSentEvent e)
                Dispatch(e.Name, e.Data, onRun);
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static void Dispatch(string? eventName, string data, Action<TaskRun> onRun)
        {
            if (data.Length == 0 || eventName is null || !eventName.StartsWith("run.", StringComparison.Ordinal)) return;
            try
            {
                RunWispStreamEvent? e = JsonSerializer.Deserialize(data, RunWispJsonContext.Default.RunWispStreamEvent);
                if (e?.Run is RunWispRun run && run.Problem() is null) onRun(RunWispProvider.ToTaskRun(run));
            }
            catch (JsonException)
            {
                // A malformed event is skipped; polling still covers the run.
            }
        }
    }
}
