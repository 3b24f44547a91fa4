using System.Collections.Concurrent;
using System.Diagnostics;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Every process the benchmarks start (the emulator, pwsh, memory children) goes through here, so each one is stopped
/// with its whole tree when its owner is disposed, when the benchmark throws, and on Ctrl+C or SIGTERM.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ChildProcesses()
    {
        Console.CancelKeyPress += (_, _) => StopAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => StopAll();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        Live[process.Id] = process;
        return process;
    }

    /// <summary>Kills the process and everything it started, unless it has already exited, and forgets it.</summary>
    public static void Stop(Process process)
    {
        Live.TryRemove(process.Id, out _);
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        process.Dispose();
    }

    private static void StopAll()
    {
        foreach (var process in Live.Values) Stop(process);
    }
}
