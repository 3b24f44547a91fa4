using System.Globalization;
using System.Text;
using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>
/// The run log routes: <c>/log</c> (LogPageBody), <c>/log/raw</c> (text as stored) and <c>/log/stream</c> (SSE line/dropped/done).
/// Lines are written straight to the response as they are produced, so a huge log keeps memory flat.
/// </summary>
internal sealed partial class RunWispApi
{
    private const long DefaultLogFrom = -1000;
    private const int DefaultLogLimit = 1000;
    private const int MaxLogLimit = 10_000;
    private const int DefaultReplayLimit = 5000;
    private const int MaxReplayLimit = 50_000;

    private void MapLogRoutes(IEndpointRouteBuilder routes)
    {
        var plain = new Faults.ProviderEndpoint(ProviderNames.RunWisp);
        var streaming = new Faults.ProviderEndpoint(ProviderNames.RunWisp, IsStreaming: true);
        foreach (var prefix in NewApi ? new[] { "/api/tasks/{taskName}/runs/{runId}", "/api/runs/{runId}" } : ["/api/tasks/{taskName}/runs/{runId}"])
        {
            routes.MapProvider("GET", prefix + "/log", LogPageAsync, plain);
            routes.MapProvider("GET", prefix + "/log/raw", LogRawAsync, plain);
            routes.MapProvider("GET", prefix + "/log/stream", LogStreamAsync, streaming);
        }
    }

    private async Task<RunWispRun?> FindLogRunAsync(HttpContext context, List<RunWispValidationError> queryErrors)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return null;
        }

        if (queryErrors.Count > 0)
        {
            await ValidationProblemAsync(context, queryErrors);
            return null;
        }

        var (run, handled) = await FindRunAsync(context);
        return handled ? null : run;
    }

    private async Task LogPageAsync(HttpContext context)
    {
        var errors = new List<RunWispValidationError>();
        var from = ReadLong(context, "from", DefaultLogFrom, long.MinValue, long.MaxValue, errors);
        var limit = ReadLong(context, "limit", DefaultLogLimit, 1, MaxLogLimit, errors);
        if (await FindLogRunAsync(context, errors) is not { } run)
        {
            return;
        }

        var log = _backend.Logs.Of(run, DateTimeOffset.UtcNow);
        var start = StartLine(from, log.Count);
        var end = Math.Min(log.Count, start + limit);
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", RunWispJson.SchemaUrl(context, "LogPageBody"));
            w.WritePropertyName("lines");
            if (start >= end)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartArray();
                for (var n = start; n < end; n++)
                {
                    WriteLogLine(w, log.Line(n));
                }

                w.WriteEndArray();
            }

            w.WriteNumber("first_available", 0);
            w.WriteNumber("total_lines", log.Count);
            w.WriteBoolean("truncated", false);
            w.WriteBoolean("finalized", log.Finalized);
            w.WriteEndObject();
        });
    }

    private async Task LogRawAsync(HttpContext context)
    {
        if (await FindLogRunAsync(context, []) is not { } run)
        {
            return;
        }

        var log = _backend.Logs.Of(run, DateTimeOffset.UtcNow);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var buffer = new MemoryStream(64 * 1024);
        for (long n = 0; n < log.Count; n++)
        {
            var line = log.Line(n);
            buffer.Write(line.Text);
            buffer.WriteByte((byte)'\n');
            if (buffer.Length >= 60 * 1024)
            {
                await FlushChunkAsync(context, buffer);
            }
        }

        await FlushChunkAsync(context, buffer);
    }

    private static async Task FlushChunkAsync(HttpContext context, MemoryStream buffer)
    {
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        buffer.SetLength(0);
    }

    /// <summary>
    /// Replays from <c>from</c> (or Last-Event-ID + 1) — at most <c>replay_limit</c> lines: older ones are skipped and announced
    /// with one <c>dropped</c> event — then follows new lines until the run has ended and every line was sent, then <c>done</c>.
    /// </summary>
    private async Task LogStreamAsync(HttpContext context)
    {
        var errors = new List<RunWispValidationError>();
        var from = ReadLong(context, "from", DefaultLogFrom, long.MinValue, long.MaxValue, errors);
        var replayLimit = ReadLong(context, "replay_limit", DefaultReplayLimit, 1, MaxReplayLimit, errors);
        if (await FindLogRunAsync(context, errors) is not { } run)
        {
            return;
        }

        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var log = _backend.Logs.Of(run, DateTimeOffset.UtcNow);
        var next = long.TryParse(lastEventId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lastId)
            ? Math.Max(0, lastId + 1)
            : StartLine(from, log.Count);
        await StreamSseAsync(context, async (write, ct) =>
        {
            if (log.Count - next > replayLimit)
            {
                var skipped = log.Count - next - replayLimit;
                await write(new ServerSentEvent(null, "dropped", $"{{\"after\":{next - 1},\"count\":{skipped}}}"));
                next += skipped;
            }

            while (true)
            {
                for (; next < log.Count; next++)
                {
                    var line = log.Line(next);
                    await write(new ServerSentEvent(line.N, "line", Encoding.UTF8.GetString(JsonResponse.Serialize(w => WriteLogLine(w, line)))));
                }

                if (log.Finalized)
                {
                    await write(new ServerSentEvent(null, "done", $"{{\"final_line\":{log.Count - 1},\"status\":\"ended\"}}"));
                    return;
                }

                await Task.Delay(100, ct);
                _backend.AdvanceTriggeredRuns(DateTimeOffset.UtcNow);
                log = _backend.Logs.Of(_backend.Runs.Find(run.Id)!, DateTimeOffset.UtcNow);
            }
        });
    }

    /// <summary>LogLineEntry: n, ts, stream, text (invalid UTF-8 becomes U+FFFD, as Go's encoder does).</summary>
    private static void WriteLogLine(Utf8JsonWriter w, RunWispLogLine line)
    {
        w.WriteStartObject();
        w.WriteNumber("n", line.N);
        w.WriteNumber("ts", line.Ts);
        w.WriteString("stream", line.Stream);
        w.WriteString("text", Encoding.UTF8.GetString(line.Text));
        w.WriteEndObject();
    }

    /// <summary>0 is the first line; negative counts from the end (a tail).</summary>
    private static long StartLine(long from, long count) => from < 0 ? Math.Max(0, count + from) : Math.Min(from, count);

    private static long ReadLong(HttpContext context, string name, long defaultValue, long min, long max, List<RunWispValidationError> errors)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return defaultValue;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new RunWispValidationError("expected integer", "query." + name, raw));
            return defaultValue;
        }

        if (value < min || value > max)
        {
            errors.Add(new RunWispValidationError(
                value < min ? $"expected number >= {min}" : $"expected number <= {max}", "query." + name, value));
        }

        return value;
    }
}
