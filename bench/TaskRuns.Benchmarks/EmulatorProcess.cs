using System.Diagnostics;

namespace TaskRuns.Benchmarks;

/// <summary>TaskRuns.Emulator in its own process on a free loopback port, so the benchmark process measures only the client.</summary>
public sealed class EmulatorProcess : IDisposable
{
    public const string ApiKey = "bench-key";
    public const string Password = "bench-password";
    private readonly Process _process;

    public Uri BaseUri { get; }

    private readonly HttpClient _control = new();

    /// <param name="deckRateLimit">--deck-rate-limit (e.g. "off", "200/10s"); null keeps the emulator's default (enforced, 200/10s).</param>
    /// <param name="extraArguments">More emulator options (e.g. --spawn-interval-ms 20), passed as they are.</param>
    public EmulatorProcess(int runsPerTask, int latencyMs = 0, string? deckRateLimit = null, IEnumerable<string>? extraArguments = null)
    {
        int port = FreePort();
        string dll = Path.Combine(Paths.Root, "src", "TaskRuns.Emulator", "bin", "Release", "net10.0", "TaskRuns.Emulator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--api-key", ApiKey, "--runwisp-password", Password,
                     "--runs", runsPerTask.ToString(), "--tasks", "1", "--latency-ms", latencyMs.ToString(), "--runwisp-login-limit", "0" })
            start.ArgumentList.Add(a);
        if (deckRateLimit is not null)
        {
            start.ArgumentList.Add("--deck-rate-limit");
            start.ArgumentList.Add(deckRateLimit);
        }
        foreach (string a in extraArguments ?? []) start.ArgumentList.Add(a);
        _process = ChildProcesses.Start(start);
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                string? line = _process.StandardOutput.ReadLine();
                if (line is null) throw new InvalidOperationException("the emulator exited: " + _process.StandardError.ReadToEnd());
                if (line.Contains("listening on")) break;
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the emulator did not start");
            }
        }
        catch
        {
            ChildProcesses.Stop(_process);
            throw;
        }
        _ = Task.Run(() => _process.StandardOutput.ReadToEnd());
        _ = Task.Run(() => _process.StandardError.ReadToEnd());
    }

    public async Task<string> BusiestTaskId(string provider)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await _control.GetStringAsync(new Uri(BaseUri, "/_emulator/tasks")));
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Name.Equals(provider, StringComparison.OrdinalIgnoreCase))
                // The task with the most runs: RunWisp also seeds fixed tasks (always-fails has none).
                return p.Value.EnumerateArray().MaxBy(t => t.GetProperty("runs").GetInt64()).GetProperty("id").GetString()!;
        throw new InvalidOperationException("no task for " + provider);
    }

    /// <summary>One provider's request counters from GET /_emulator/stats (control routes are not counted in them).</summary>
    public async Task<RequestCounters> CountersAsync(string provider)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await _control.GetStringAsync(new Uri(BaseUri, "/_emulator/stats")));
        var p = doc.RootElement.GetProperty(provider.ToLowerInvariant());
        return new RequestCounters(p.GetProperty("requests").GetInt64(), p.GetProperty("listRequests").GetInt64(), p.GetProperty("rateLimited").GetInt64());
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _control.Dispose();
        ChildProcesses.Stop(_process);
    }
}

public static class Paths
{
    public static string Root { get; } = FindRoot();
    public static string Manifest => Path.Combine(Root, "out", "TaskRuns", "TaskRuns.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TaskRuns.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TaskRuns.sln not found");
    }
}
