using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;
using TaskRuns.Model;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// A run's log from the daemon: pages of GET …/runs/{id}/log?from=&amp;limit= (a tail is a negative from), then, when
    /// following, the SSE feed …/log/stream?from= until its 'done' event; /log/raw for the stored text. One page (or one
    /// line) in memory at a time.
    /// </summary>
    internal static class RunWispLog
    {
        /// <summary>Lines per page: small enough that a page of long lines (20,000 characters) stays a few MB.</summary>
        internal const int PageLines = 500;
        private const int MaxReconnects = 5;
        private const int MaxRawLineLength = 64 * 1024;

        public static async IAsyncEnumerable<TaskRunLogEntry> ReadAsync(
            ApiClient client, TaskRun run, RunLogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string logPath = await LogPathAsync(client, run, cancellationToken).ConfigureAwait(false);
            long? remaining = request.Tail;
            long from = request.Tail is long tail ? -tail : 0;
            bool finalized = false;
            while (remaining is null || remaining > 0)
            {
                long limit = Math.Min(PageLines, remaining ?? PageLines);
                if (limit <= 0) break;
                string url = logPath + "?from=" + from.ToString(CultureInfo.InvariantCulture) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);
                RunWispLogPage page = await client.GetAsync(url, RunWispJsonContext.Default.RunWispLogPage, cancellationToken).ConfigureAwait(false);
                finalized = page.Finalized == true;
                int count = 0;
                foreach (RunWispLogLine? line in page.Lines ?? new List<RunWispLogLine?>())
                {
                    if (line is null) continue;
                    count++;
                    if (line.N is long n) from = n + 1;
                    yield return Entry(run, line);
                }
                if (remaining != null) remaining -= count;
                if (count == 0 || from >= page.TotalLines) break;
            }
            if (request.Follow && !finalized)
                await foreach (TaskRunLogEntry entry in FollowAsync(client, run, logPath, from, cancellationToken).ConfigureAwait(false))
                    yield return entry;
        }

        /// <summary>New lines from the SSE feed until 'done'; a dropped connection resumes after the last line seen.</summary>
        private static async IAsyncEnumerable<TaskRunLogEntry> FollowAsync(
            ApiClient client, TaskRun run, string logPath, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (int reconnects = 0; ; reconnects++)
            {
                using HttpResponseMessage response = await client.OpenStreamAsync(
                    logPath + "/stream?from=" + from.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var events = new ServerSentEventReader(stream);
                bool done = false;
                while (!done && await events.ReadEventAsync(cancellationToken).ConfigureAwait(false) is ServerSentEvent e)
                {
                    if (e.Name == "done") done = true;
                    else if (e.Name == "line" && Parse(e.Data) is RunWispLogLine line)
                    {
                        if (line.N is long n) from = n + 1;
                        yield return Entry(run, line);
                    }
                    else if (e.Name == "dropped")
                        client.Log.Warning($"RunWisp: the daemon skipped log lines of run {run.Id} it no longer keeps ({e.Data}).");
                }
                if (done) yield break;
                cancellationToken.ThrowIfCancellationRequested();
                if (reconnects == MaxReconnects)
                    throw new TaskRunApiException(TaskRunProvider.RunWisp, "LogStreamEnded", System.Management.Automation.ErrorCategory.ConnectionError,
                        $"RunWisp: the log stream of run {run.Id} kept closing before the run ended ({MaxReconnects} reconnects).");
                client.Log.Verbose($"RunWisp: the log stream of run {run.Id} closed before the run ended; resuming at line {from}.");
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (reconnects + 1)), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>GET …/log/raw: the text as stored, line by line (non-UTF-8 bytes become U+FFFD; very long lines come in 64 K pieces).</summary>
        public static async IAsyncEnumerable<string> ReadRawAsync(ApiClient client, TaskRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            string logPath = await LogPathAsync(client, run, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await client.OpenAsync(logPath + "/raw", "text/plain", retry: true, cancellationToken).ConfigureAwait(false);
            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var lines = new Utf8LineReader(stream, MaxRawLineLength);
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line) yield return line;
        }

        /// <summary>…/tasks/{task}/runs/{id}/log (both daemon generations serve it); a run without its task is looked up first.</summary>
        private static async Task<string> LogPathAsync(ApiClient client, TaskRun run, CancellationToken cancellationToken)
        {
            string? task = run.TaskId;
            if (task is null) task = (await ProviderRegistry.Get(TaskRunProvider.RunWisp).GetRunAsync(client, null, run.Id, cancellationToken).ConfigureAwait(false)).TaskId;
            return new RequestPath("api/tasks").Segment(task ?? string.Empty).Segment("runs").Segment(run.Id).Segment("log").ToString();
        }

        private static RunWispLogLine? Parse(string json)
        {
            try { return JsonSerializer.Deserialize(json, RunWispJsonContext.Default.RunWispLogLine); }
            catch (JsonException) { return null; } // a malformed event is skipped
        }

        private static TaskRunLogEntry Entry(TaskRun run, RunWispLogLine line) => new()
        {
            Provider = TaskRunProvider.RunWisp,
            RunId = run.Id,
            TaskId = run.TaskId,
            Time = line.Ts is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Stream = line.Stream ?? string.Empty,
            LineNumber = line.N,
            Message = LogText.Visible(line.Text),
        };
    }
}
