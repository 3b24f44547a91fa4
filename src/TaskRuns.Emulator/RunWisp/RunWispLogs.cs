using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>
/// Every run's log, derived from the seed and the run id (no log is stored): a seeded run has 3–32 lines, a triggered run's
/// lines appear one by one between its start and its end, every log has ANSI colour escapes, about one run in five has a
/// 20,000-character line and about one in six has bytes that are not UTF-8 (the JSON routes show them as U+FFFD, the raw
/// route as stored). A run made huge (<see cref="MakeHuge"/>) has fixed 100-byte lines computed from their number.
/// </summary>
internal sealed class RunWispLogs
{
    public const int LongLineLength = 20_000;
    public const int HugeLineBytes = 100;

    private static readonly (string Stream, string Text)[] Catalog =
    [
        ("stdout", "connecting to {0}"),
        ("stdout", "fetched {1} records in {2} ms"),
        ("stdout", "\u001b[32m✓\u001b[0m step {1} done"),
        ("stderr", "\u001b[33mwarning:\u001b[0m retrying request {1} (attempt 2)"),
        ("stdout", "progress: {2}/{1}"),
        ("stdout", "writing {0}/part-{1}.json"),
        ("stderr", "deprecation: option --legacy will be removed"),
        ("stdout", "\u001b[1mchecksum\u001b[0m sha256:{3}"),
    ];

    private readonly int _seed;
    private readonly ConcurrentDictionary<string, long> _huge = new(StringComparer.Ordinal);

    public RunWispLogs(int seed)
    {
        _seed = seed;
    }

    /// <summary>From now on this run's log is <paramref name="bytes"/> long (rounded up to whole 100-byte lines); 0 undoes it.</summary>
    public void MakeHuge(string runId, long bytes)
    {
        if (bytes <= 0)
        {
            _huge.TryRemove(runId, out _);
        }
        else
        {
            _huge[runId] = bytes;
        }
    }

    public RunWispLogView Of(RunWispRun run, DateTimeOffset now)
    {
        var ended = run.Status == RunWispStatuses.Ended;
        if (_huge.TryGetValue(run.Id, out var bytes))
        {
            var origin = (run.StartAt ?? run.CreatedAt).ToUnixTimeMilliseconds();
            return new RunWispLogView((bytes + HugeLineBytes - 1) / HugeLineBytes, ended, n => HugeLine(n, origin));
        }

        var planned = Plan(run);
        var visibleUntil = ended ? run.EndAt ?? now : now;
        var count = run.Status == RunWispStatuses.Pending ? 0 : planned.Count(line => line.Ts <= visibleUntil.ToUnixTimeMilliseconds());
        return new RunWispLogView(count, ended, n => planned[(int)n]);
    }

    private static RunWispLogLine HugeLine(long n, long originMs)
    {
        var text = new StringBuilder(HugeLineBytes);
        text.Append("line ").Append(n.ToString("D12", CultureInfo.InvariantCulture)).Append(" of a huge log: ");
        while (text.Length < HugeLineBytes - 1)
        {
            text.Append((char)('a' + (text.Length % 26)));
        }

        return new RunWispLogLine(n, originMs + n, "stdout", Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>The run's whole planned log, each line with the time it is written.</summary>
    private List<RunWispLogLine> Plan(RunWispRun run)
    {
        var hash = unchecked((int)Data.StableHash.Of(run.Id));
        var r = new Random(unchecked(_seed ^ hash));
        var start = run.StartAt ?? run.Timeline?.StartsAt ?? run.CreatedAt;
        var end = run.Timeline?.EndsAt ?? run.EndAt ?? start + TimeSpan.FromSeconds(30);
        if (run.EndAt is { } endAt && endAt < end)
        {
            end = endAt;
        }

        var bodyCount = run.Triggered ? 4 + r.Next(8) : 1 + r.Next(30);
        var longLineAt = (uint)hash % 5 == 0 ? r.Next(bodyCount) : -1;
        var invalidUtf8At = (uint)hash % 6 == 1 ? r.Next(bodyCount) : -1;
        var lines = new List<(string Stream, byte[] Text)>(bodyCount + 2)
        {
            ("system", Utf8($"\u001b[36m[runwisp]\u001b[0m starting {run.TaskKey} (run {run.Id}, attempt {run.RetryAttempt + 1})")),
        };
        for (var i = 0; i < bodyCount; i++)
        {
            if (i == longLineAt)
            {
                lines.Add(("stdout", Utf8("payload: " + new string('x', LongLineLength - 9))));
                continue;
            }

            if (i == invalidUtf8At)
            {
                // Latin-1 "café" and a stray 0xFF: not UTF-8.
                lines.Add(("stdout", [.. "reading caf"u8, 0xE9, .. " export "u8, 0xFF, 0xFE, .. ".csv"u8]));
                continue;
            }

            var (stream, template) = Catalog[r.Next(Catalog.Length)];
            lines.Add((stream, Utf8(string.Format(CultureInfo.InvariantCulture, template,
                "s3://backups/" + run.TaskKey, r.Next(1, 5000), r.Next(1, 900), Convert.ToHexStringLower(BitConverter.GetBytes(r.NextInt64()))))));
        }

        if (run.Status == RunWispStatuses.Ended)
        {
            var failing = run.EndReason != RunWispStatuses.Success;
            if (failing)
            {
                lines.Add(("stderr", Utf8($"\u001b[31merror:\u001b[0m {run.TaskKey} ended: {run.EndReason}")));
            }

            lines.Add(("system", Utf8($"\u001b[36m[runwisp]\u001b[0m exited with code {run.ExitCode.ToString(CultureInfo.InvariantCulture)} ({run.EndReason})")));
        }
        else if (run.Triggered && run.Timeline is not null)
        {
            // Written when the run ends; only visible then.
            var ending = run.EndsInFailure ? $"exited with code 1 ({RunWispStatuses.Failed})" : $"exited with code 0 ({RunWispStatuses.Success})";
            lines.Add(("system", Utf8("\u001b[36m[runwisp]\u001b[0m " + ending)));
        }

        var startMs = start.ToUnixTimeMilliseconds();
        var spanMs = Math.Max(0, (end - start).Ticks / TimeSpan.TicksPerMillisecond);
        var result = new List<RunWispLogLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            // The first line is written at the start, the last at the end, the rest evenly in between.
            var ts = lines.Count == 1 ? startMs : startMs + (spanMs * i / (lines.Count - 1));
            result.Add(new RunWispLogLine(i, ts, lines[i].Stream, lines[i].Text));
        }

        return result;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
