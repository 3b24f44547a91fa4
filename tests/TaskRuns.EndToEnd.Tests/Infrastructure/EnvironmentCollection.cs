using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Tests that change process-wide environment variables (ANCHORBROWSER_API_KEY…, TASKRUNS_ATTEMPT_TIMEOUT_MS): the
/// hosted runspaces share this process, so these run alone, after the parallel collections, on an emulator of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection : ICollectionFixture<EnvironmentFixture>
{
    public const string Name = "environment";
}

public sealed class EnvironmentFixture : EmulatorFixture
{
    protected override void Configure(EmulatorOptions options)
    {
        options.RunsPerTask = 45;
        options.TasksPerProvider = 2;
    }
}

/// <summary>Sets environment variables for a test and puts every one back as it was when disposed.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new(StringComparer.Ordinal);

    /// <summary>The variables every provider reads; a scope that starts with <see cref="Clean"/> has none of them set.</summary>
    public static readonly string[] ProviderVariables =
    [
        "ANCHORBROWSER_API_KEY", "ANCHORBROWSER_BASE_URL", "RUNWISP_PASSWORD", "RUNWISP_URL",
        "DECK_API_KEY", "DECK_BASE_URL", "BROWSERACT_API_KEY", "BROWSERACT_BASE_URL",
    ];

    public static EnvironmentScope Clean()
    {
        var scope = new EnvironmentScope();
        foreach (string name in ProviderVariables) scope.Set(name, null);
        return scope;
    }

    public EnvironmentScope Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
