using System.Diagnostics;
using System.Text.Json;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Real pwsh 7.6.9 — the repo's local .NET tool (`dotnet tool restore`, then `dotnet pwsh` from the repo root) — running
/// PwshListings.ps1, which imports out/TaskRuns once and times each listing it is asked for with a Stopwatch inside pwsh,
/// so pwsh's start-up is in no figure. Disposing closes stdin (the script ends) and then stops the process tree.
/// </summary>
public sealed class PwshSession : IDisposable
{
    private readonly Process _process;

    public PwshSession(EmulatorProcess emulator)
    {
        RestoreTools();
        var start = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = Paths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Script,
                     "-Root", emulator.BaseUri.ToString().TrimEnd('/'), "-Manifest", Paths.Manifest,
                     "-ApiKey", EmulatorProcess.ApiKey, "-Password", EmulatorProcess.Password })
            start.ArgumentList.Add(a);
        _process = ChildProcesses.Start(start);
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is string line) Console.Error.WriteLine("pwsh: " + line);
        });
        try
        {
            ReadAnswer("READY", null);
        }
        catch
        {
            ChildProcesses.Stop(_process);
            throw;
        }
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    private static string Script => Path.Combine(Paths.Root, "bench", "TaskRuns.Benchmarks", "PwshListings.ps1");

    /// <summary>Times one listing in pwsh; side is "module" or "irm". maxPages 0 = the whole listing.</summary>
    public Listing List(string side, string provider, string taskId, int maxPages = 0)
    {
        using var doc = Run($"{side} {provider} {taskId} {maxPages}");
        var r = doc.RootElement;
        return new Listing(r.GetProperty("runs").GetInt64(), r.GetProperty("seconds").GetDouble(),
            r.TryGetProperty("pages", out var pages) ? pages.GetInt32() : null);
    }

    /// <summary><paramref name="listings"/> Deck listings at once in ForEach-Object -Parallel runspaces.</summary>
    public Fanout FanOutDeck(string taskId, int listings, int throttle)
    {
        using var doc = Run($"fanout {taskId} {listings} {throttle}");
        var r = doc.RootElement;
        var each = r.GetProperty("listings").EnumerateArray()
            .Select(l => new FanoutListing(l.GetProperty("runs").GetInt64(), l.GetProperty("seconds").GetDouble(),
                l.GetProperty("error").ValueKind == JsonValueKind.String ? l.GetProperty("error").GetString() : null))
            .ToList();
        return new Fanout(r.GetProperty("seconds").GetDouble(), each);
    }

    private JsonDocument Run(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return JsonDocument.Parse(ReadAnswer("RESULT ", command));
    }

    /// <summary>Reads stdout up to the answer line, passing anything else pwsh prints (warnings, verbose) to the log.</summary>
    private string ReadAnswer(string prefix, string? command)
    {
        while (_process.StandardOutput.ReadLine() is string line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
            if (line.StartsWith("ERROR ", StringComparison.Ordinal)) throw new InvalidOperationException($"pwsh '{command}': {line[6..]}");
            Console.Error.WriteLine("pwsh: " + line);
        }
        throw new InvalidOperationException($"pwsh exited (code {(_process.WaitForExit(5000) ? _process.ExitCode : -1)}) before answering '{command ?? "start-up"}'");
    }

    private static void RestoreTools()
    {
        var start = new ProcessStartInfo(Dotnet, "tool restore") { WorkingDirectory = Paths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var restore = ChildProcesses.Start(start);
        string output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        int code = restore.ExitCode;
        ChildProcesses.Stop(restore);
        if (code != 0) throw new InvalidOperationException("dotnet tool restore failed: " + output);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            _process.WaitForExit(5000);
        }
        catch (IOException) { }
        ChildProcesses.Stop(_process);
    }
}
