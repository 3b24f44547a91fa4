namespace TaskRuns.Emulator.RunWisp;

/// <summary>One log line as the daemon stores it: absolute number, Unix ms, stream (stdout/stderr/system) and raw bytes (no newline).</summary>
internal sealed record RunWispLogLine(long N, long Ts, string Stream, byte[] Text);
