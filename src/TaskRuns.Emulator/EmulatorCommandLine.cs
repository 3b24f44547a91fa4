using System.Globalization;
using System.Text;
using TaskRuns.Emulator.Faults;

namespace TaskRuns.Emulator;

/// <summary>Parses the emulator's command line into <see cref="EmulatorOptions"/> ("--name value" or "--name=value").</summary>
internal static class EmulatorCommandLine
{
    private static readonly Option[] Options =
    [
        new("--urls", "<url>", "Address to listen on; http://127.0.0.1:0 picks a free port", d => d.Urls,
            (o, v) => o.Urls = v),
        new("--api-key", "<key>", "API key of Anchor, Deck and BrowserAct", d => d.ApiKey,
            (o, v) => o.ApiKey = v),
        new("--runwisp-password", "<password>", "RunWisp daemon password (challenge/response login)", d => d.RunWispPassword,
            (o, v) => o.RunWispPassword = v),
        new("--seed", "<int>", "Seed of the generated data", d => Text(d.Seed),
            (o, v) => o.Seed = Int(v, "--seed")),
        new("--runs", "<int>", "Seeded runs per task", d => Text(d.RunsPerTask),
            (o, v) => o.RunsPerTask = Int(v, "--runs", min: 0)),
        new("--tasks", "<int>", "Tasks per provider", d => Text(d.TasksPerProvider),
            (o, v) => o.TasksPerProvider = Int(v, "--tasks", min: 1)),
        new("--latency-ms", "<int>", "Delay added to every provider API request", d => Text(d.LatencyMs),
            (o, v) => o.LatencyMs = Int(v, "--latency-ms", min: 0)),
        new("--fault-rate", "<0..1>", "Probability that a provider API request gets a random fault", d => d.FaultRate.ToString(CultureInfo.InvariantCulture),
            (o, v) => o.FaultRate = Rate(v)),
        new("--faults", "<k1,k2,...>", "Fault kinds random faults are drawn from", d => string.Join(",", d.Faults),
            (o, v) => o.Faults = Kinds(v)),
        new("--insert-during-paging", "<int>", "New runs inserted (newest) before answering each run-list request", d => Text(d.InsertsPerListRequest),
            (o, v) => o.InsertsPerListRequest = Int(v, "--insert-during-paging", min: 0)),
        new("--run-duration-ms", "<int>", "Triggered runs: running after 1/3 of this, terminal at this", d => Text(d.RunDurationMs),
            (o, v) => o.RunDurationMs = Int(v, "--run-duration-ms", min: 0)),
        new("--runwisp-api", "seed|new", "RunWisp shapes: seed (0.4.x) or new (items, instance_index, /api/runs/{id}, PBKDF2 login)", d => d.RunWispApi,
            (o, v) => o.RunWispApi = v is "seed" or "new" ? v : throw new FormatException("--runwisp-api must be seed or new")),
        new("--slow-ms", "<int>", "How long the 'slow' fault stalls", d => Text(d.SlowMs),
            (o, v) => o.SlowMs = Int(v, "--slow-ms", min: 0)),
        new("--sse-ping-seconds", "<int>", "Interval of RunWisp SSE pings", d => Text(d.SsePingSeconds),
            (o, v) => o.SsePingSeconds = Int(v, "--sse-ping-seconds", min: 1)),
        new("--runwisp-login-limit", "<n>[/<secs>s]|0", "RunWisp login attempts per IP per window (429 with Retry-After beyond; window 300s as the daemon has it, shorter for tests); 0 = unlimited",
            d => d.RunWispLoginLimit == 0 ? "0" : $"{Text(d.RunWispLoginLimit)}/{d.RunWispLoginWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            ApplyRunWispLoginLimit),
        new("--runwisp-auth", "on|off", "RunWisp auth; off = every route answers without a token (RUNWISP_AUTH=off)", d => d.RunWispAuthDisabled ? "off" : "on",
            (o, v) => o.RunWispAuthDisabled = v switch { "on" => false, "off" => true, _ => throw new FormatException("--runwisp-auth must be on or off") }),
        new("--deck-rate-limit", "<n>/<secs>s|0", "Deck requests per API key per sliding window (429 rate_limit_exceeded beyond); 0 = off",
            d => d.DeckRateLimit == 0 ? "0" : $"{Text(d.DeckRateLimit)}/{(d.DeckRateLimitWindowMs / 1000.0).ToString(CultureInfo.InvariantCulture)}s",
            ApplyDeckRateLimit),
        new("--anchor-concurrency-limit", "<int>", "Anchor requests in flight at once beyond which Anchor answers 429 (Retry-After: 1); Anchor documents 8; 0 = off (peakInFlight is measured either way)",
            d => Text(d.AnchorConcurrencyLimit), (o, v) => o.AnchorConcurrencyLimit = Int(v, "--anchor-concurrency-limit", min: 0)),
        new("--spawn-interval-ms", "<int>", "Every N ms each provider creates a run in a round-robin task (0 = off)", d => Text(d.SpawnIntervalMs),
            (o, v) => o.SpawnIntervalMs = Int(v, "--spawn-interval-ms", min: 0)),
    ];

    /// <summary>"5/300s", "2/3s", "5" (window stays) or "0".</summary>
    private static void ApplyRunWispLoginLimit(EmulatorOptions options, string value)
    {
        var parts = value.Split('/');
        options.RunWispLoginLimit = Int(parts[0], "--runwisp-login-limit", min: 0);
        if (parts.Length == 1)
        {
            return;
        }

        var window = parts[1].EndsWith('s') ? parts[1][..^1] : parts[1];
        if (parts.Length != 2 || !double.TryParse(window, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
        {
            throw new FormatException($"--runwisp-login-limit needs <attempts>/<seconds>s (e.g. 5/300s) or a number, got '{value}'");
        }

        options.RunWispLoginWindow = TimeSpan.FromSeconds(seconds);
    }

    /// <summary>"200/10s", "50/2.5s", "200" (window stays) or "0" / "off".</summary>
    private static void ApplyDeckRateLimit(EmulatorOptions options, string value)
    {
        if (value is "0" or "off")
        {
            options.DeckRateLimit = 0;
            return;
        }

        var parts = value.Split('/');
        options.DeckRateLimit = Int(parts[0], "--deck-rate-limit", min: 0);
        if (parts.Length == 1)
        {
            return;
        }

        var window = parts[1].EndsWith('s') ? parts[1][..^1] : parts[1];
        if (parts.Length != 2 || !double.TryParse(window, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 3600)
        {
            throw new FormatException($"--deck-rate-limit needs <requests>/<seconds>s (e.g. 200/10s) or 0, got '{value}'");
        }

        options.DeckRateLimitWindowMs = (int)Math.Round(seconds * 1000);
    }

    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?" or "/?")
            {
                return new ParsedCommandLine(null, true, null);
            }

            string name = arg, value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return new ParsedCommandLine(null, false, $"missing value for {arg}");
            }

            var option = Array.Find(Options, o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
            if (option is null)
            {
                return new ParsedCommandLine(null, false, $"unknown option {name}");
            }

            try
            {
                option.Apply(options, value);
            }
            catch (FormatException ex)
            {
                return new ParsedCommandLine(null, false, ex.Message);
            }
        }

        return new ParsedCommandLine(options, false, null);
    }

    public static string HelpText()
    {
        var defaults = new EmulatorOptions();
        var text = new StringBuilder();
        text.AppendLine("TaskRuns.Emulator - local emulator of the Anchor, RunWisp, Deck and BrowserAct task-run APIs");
        text.AppendLine();
        text.AppendLine("Usage: dotnet run --project src/TaskRuns.Emulator -c Release -- [options]");
        text.AppendLine();
        text.AppendLine("Options (default in brackets):");
        foreach (var option in Options)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {option.Name + " " + option.ValueName,-38} {option.Description} [{option.Default(defaults)}]");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"--help",-38} Show this help");
        text.AppendLine();
        text.AppendLine("Control endpoints (no auth): GET /_emulator/stats, POST /_emulator/faults, DELETE /_emulator/faults,");
        text.AppendLine("POST /_emulator/reset-stats, GET /_emulator/tasks, POST /_emulator/drop-streams,");
        text.AppendLine("POST /_emulator/runwisp/huge-log. Header X-Emulator-Fault: <kind> faults one request.");
        return text.ToString();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string value, string name, int min = int.MinValue)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            throw new FormatException($"{name} needs an integer >= {min}, got '{value}'");
        }

        return number;
    }

    private static double Rate(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
        {
            throw new FormatException($"--fault-rate needs a number between 0 and 1, got '{value}'");
        }

        return rate;
    }

    private static IReadOnlyList<string> Kinds(string value)
    {
        var kinds = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = kinds.Where(k => !FaultKinds.IsKnown(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new FormatException($"unknown fault kinds: {string.Join(", ", unknown)} (known: {string.Join(",", FaultKinds.All)})");
        }

        return kinds;
    }

    private sealed record Option(
        string Name,
        string ValueName,
        string Description,
        Func<EmulatorOptions, string> Default,
        Action<EmulatorOptions, string> Apply);
}
