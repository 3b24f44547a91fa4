using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Every process the benchmarks start (the emulator, pwsh, memory children) goes through here, so each one is stopped
/// with its whole tree when its owner is disposed, when the benchmark throws, and on Ctrl+C, SIGTERM or SIGHUP.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    // Kept alive for the process's lifetime: a collected registration stops handling its signal.
    private static readonly PosixSignalRegistration[] Signals;

    static ChildProcesses()
    {
        // SIGINT (Ctrl+C), SIGTERM, SIGHUP and SIGQUIT: stop the children, then let the default handling end this process.
        Signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => StopAll()))
            .ToArray();
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
