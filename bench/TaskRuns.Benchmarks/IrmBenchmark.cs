namespace TaskRuns.Benchmarks;

/// <summary>
/// `$runs = @(Get-TaskRun -All)` against the Invoke-RestMethod paging loop a user would write (which collects its runs
/// into a list too), both in real pwsh against one emulator, on loopback and with 50 ms latency. Runs alternate
/// module/irm (the side that goes first swaps every round); each Deck listing waits out Deck's 10 s window first, so
/// neither side inherits the other's spent budget; the median of the rounds is reported.
/// </summary>
public static class IrmBenchmark
{
    /// <summary>Runs per task: Deck's 100-run pages make 100 pages, the issue's "at least 100 pages" at 50 ms.</summary>
    public const int Runs = 10_000;
    private static readonly int[] Latencies = { 0, 50 };
    private static readonly string[] Sides = { "module", "irm" };
    private static readonly string[] SidesSwapped = { "irm", "module" };

    /// <summary>Deck's documented window (200 requests per 10 s): waited out before each Deck listing.</summary>
    private static readonly TimeSpan DeckWindow = TimeSpan.FromSeconds(10);

    /// <summary>Untimed listings per side and provider before the rounds; the first is reported as the cold figure.</summary>
    private const int WarmUpListings = 3;

    public static async Task RunAsync(IReadOnlyList<string> providers, int rounds, string? deckRateLimit)
    {
        string limit = deckRateLimit ?? "200/10s (the emulator's default)";
        Console.WriteLine($"## Get-TaskRun -All vs an Invoke-RestMethod loop in real pwsh, {Runs:N0} runs per task, median of {rounds} rounds");
        Console.WriteLine($"Deck rate limit: {limit}. Each side timed by a Stopwatch inside pwsh; 429s are the emulator's rateLimited count for that side's listings.");
        Console.WriteLine();
        foreach (int latency in Latencies)
        {
            using var emulator = new EmulatorProcess(Runs, latency, deckRateLimit);
            using var pwsh = new PwshSession(emulator);
            // Each Deck listing starts with an empty rate-limit window (the emulator's and the module's), so no listing
            // meets 429s for the requests the other side (or the warm-up) has just sent with the same key.
            Task WaitOutDeckWindow(string provider) =>
                provider == "Deck" && deckRateLimit is not ("off" or "0") ? Task.Delay(DeckWindow + TimeSpan.FromMilliseconds(500)) : Task.CompletedTask;

            var tasks = new Dictionary<string, string>();
            var cold = new Dictionary<(string Provider, string Side), double>();
            foreach (string provider in providers)
            {
                tasks[provider] = await emulator.BusiestTaskId(provider);
                // Warm-up: WarmUpListings whole listings per side (JIT tiering of both sides' code and of the emulator's
                // 10,000-run responses, sign-in, connections), the first one reported as "cold". Two pages of warm-up
                // left the first timed rounds at tier-0 code: on loopback they took 2-4x the later ones, on both sides,
                // and a median of 5 moved with which provider ran first. Deck's warm-up waits out its window too.
                for (int w = 0; w < WarmUpListings; w++)
                    foreach (string side in Sides)
                    {
                        await WaitOutDeckWindow(provider);
                        var listing = pwsh.List(side, provider, tasks[provider]);
                        if (w == 0) cold[(provider, side)] = listing.Seconds;
                    }
            }

            var measured = new Dictionary<(string Provider, string Side), List<(Listing Listing, RequestCounters Counters)>>();
            for (int round = 0; round < rounds; round++)
                foreach (string provider in providers)
                    foreach (string side in round % 2 == 0 ? Sides : SidesSwapped)
                    {
                        await WaitOutDeckWindow(provider);
                        var before = await emulator.CountersAsync(provider);
                        var listing = pwsh.List(side, provider, tasks[provider]);
                        var counters = await emulator.CountersAsync(provider) - before;
                        if (!measured.TryGetValue((provider, side), out var list)) measured[(provider, side)] = list = new();
                        list.Add((listing, counters));
                    }

            Console.WriteLine(latency == 0 ? "### loopback" : $"### --latency-ms {latency}");
            Console.WriteLine("| provider | runs | pages | module s | irm s | module / irm | module faster | module 429s | irm 429s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (string provider in providers)
            {
                var module = measured[(provider, "module")];
                var irm = measured[(provider, "irm")];
                double m = Median(module.Select(x => x.Listing.Seconds)), i = Median(irm.Select(x => x.Listing.Seconds));
                Console.WriteLine($"| {provider} | {module[0].Listing.Runs:N0} | {irm[0].Listing.Pages} | {m:0.00} | {i:0.00} | {m / i:0.00} | {i / m:0.0}x " +
                                  $"| {module.Sum(x => x.Counters.RateLimited)} | {irm.Sum(x => x.Counters.RateLimited)} |");
            }
            Console.WriteLine();
            foreach (string provider in providers)
            {
                var all = measured[(provider, "module")].Concat(measured[(provider, "irm")]).ToList();
                if (all.Any(x => x.Listing.Runs != Runs)) Console.WriteLine($"!! {provider}: a listing counted {string.Join("/", all.Select(x => x.Listing.Runs).Distinct())} runs, not {Runs}");
                Console.WriteLine($"{provider} rounds, s — module: {Rounds(measured[(provider, "module")])}; irm: {Rounds(measured[(provider, "irm")])}" +
                                  $"; cold (first listing in the pwsh process): module {cold[(provider, "module")]:0.00}, irm {cold[(provider, "irm")]:0.00}");
            }
            if (measured.TryGetValue(("Deck", "module"), out var deck))
            {
                // The cursor's pages (what a sequential walk requests: the irm side's count) and the requests served to the
                // module (list requests minus the ones the limiter refused; slicing adds probes and each slice's last page).
                long pages = measured.TryGetValue(("Deck", "irm"), out var walked) ? walked[0].Listing.Pages ?? 0 : 0;
                long requests = deck[0].Counters.ListRequests - deck[0].Counters.RateLimited;
                double seconds = Median(deck.Select(x => x.Listing.Seconds));
                Console.WriteLine($"Deck -All: {seconds:0.00} s median over {pages} pages ({requests} requests served to the module)" + (latency == 0 ? "" :
                    $"; {pages} x {latency} ms = {pages * latency / 1000.0:0.00} s is the floor of any sequential cursor walk, module / floor {seconds / (pages * latency / 1000.0):0.00} (target after slicing: <= 0.35x sequential)"));
            }
            Console.WriteLine();
        }
    }

    private static string Rounds(IEnumerable<(Listing Listing, RequestCounters Counters)> rounds) =>
        string.Join(" ", rounds.Select(x => $"{x.Listing.Seconds:0.00}" + (x.Counters.RateLimited > 0 ? $"({x.Counters.RateLimited}x429)" : "")));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
