using TaskRuns.Emulator.Data;

namespace TaskRuns.Emulator;

/// <summary>
/// Read access to the emulator's data, for test oracles. Provider names: "anchor", "runwisp",
/// "deck", "browseract". Task ids are what each provider's run-list endpoint takes (see <see cref="EmulatedTask"/>).
/// Views are snapshots: they do not change when runs are triggered or inserted later.
/// </summary>
public sealed class EmulatorStore
{
    private readonly IReadOnlyDictionary<string, IProviderBackend> _backends;

    internal EmulatorStore(IEnumerable<IProviderBackend> backends)
    {
        _backends = backends.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Providers => ProviderNames.All;

    public IReadOnlyList<EmulatedTask> Tasks(string provider) => Backend(provider).Tasks();

    public IReadOnlyList<string> TaskIds(string provider) => Tasks(provider).Select(t => t.Id).ToArray();

    /// <summary>Number of runs of one task (seeded + inserted + triggered).</summary>
    public int RunCount(string provider, string taskId) => Backend(provider).RunCount(taskId);

    /// <summary>Number of runs of all the provider's tasks.</summary>
    public int RunCount(string provider) => Backend(provider).RunCount(null);

    /// <summary>Runs of one task (or all tasks when <paramref name="taskId"/> is null), newest first — the API's default order.</summary>
    public IReadOnlyList<EmulatedRun> Runs(string provider, string? taskId = null) => Backend(provider).ListRuns(taskId);

    public EmulatedRun? FindRun(string provider, string runId) => Backend(provider).FindRun(runId);

    private IProviderBackend Backend(string provider)
    {
        return _backends.TryGetValue(provider, out var backend)
            ? backend
            : throw new ArgumentException($"Unknown provider '{provider}'. Known: {string.Join(", ", ProviderNames.All)}.", nameof(provider));
    }
}
