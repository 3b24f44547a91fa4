using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>An emulator of its own: the demo starts runs, which would change other tests' listings.</summary>
public sealed class DemoEmulatorFixture : EmulatorFixture
{
    public const int Runs = 60;

    protected override void Configure(EmulatorOptions options)
    {
        options.RunsPerTask = Runs;
        options.TasksPerProvider = 2;
        options.RunDurationMs = 1500;
    }
}

/// <summary>tools/Demo.ps1 (what `build.ps1 -Task Demo` runs) works against the emulator, as the README promises.</summary>
public sealed class DemoScriptTests : IClassFixture<DemoEmulatorFixture>, IDisposable
{
    private readonly DemoEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public DemoScriptTests(DemoEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = new PowerShellSession(); // no splats: the demo connects by itself
    }

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_demo_tours_every_provider_and_waits_for_the_runs_it_started()
    {
        string script = Path.Combine(ModulePaths.RepositoryRoot, "tools", "Demo.ps1");
        var result = _ps.Run("& $args[0] -Origin $args[1] -ApiKey $args[2] -RunWispPassword $args[3]",
            script, _emulator.BaseUri.ToString().TrimEnd('/'), EmulatorFixture.ApiKey, EmulatorFixture.RunWispPassword).ThrowIfErrors();

        var lines = result.Output.Where(o => o.BaseObject is string).Select(o => (string)o.BaseObject).ToList();
        var runs = result.Output.Where(o => o.BaseObject is not string).Select(RunView.From).ToList();
        foreach (var provider in ProviderCase.All)
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
                $"^{provider.Name}: {DemoEmulatorFixture.Runs} runs listed with -All, [0-9]+ of them failed$"));
            Assert.Contains($"{provider.Name}: a page of 25 runs; its token resumed at run 26: True", lines);
            Assert.Contains(lines, l => l.StartsWith($"{provider.Name}: started run ", StringComparison.Ordinal));
        }
        // 5 newest runs per provider, then the four started runs as each ended.
        Assert.Equal(4 * 5 + 4, runs.Count);
        var finished = runs.Skip(20).ToList();
        Assert.Equal(new[] { "Anchor", "BrowserAct", "Deck", "RunWisp" }, finished.Select(r => r.Provider).Order());
        Assert.All(finished, r => Assert.True(r.IsTerminal, $"{r.Provider} run {r.Id} is {r.Status}"));
    }
}
