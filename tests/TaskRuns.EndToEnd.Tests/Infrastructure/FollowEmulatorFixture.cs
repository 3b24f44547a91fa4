using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <see cref="LifecycleEmulatorFixture"/> in which every provider keeps creating runs (one every
/// <see cref="SpawnIntervalMs"/>, round-robin over its tasks) that go through their lifecycle in
/// <see cref="LifecycleEmulatorFixture.RunDurationMs"/>: something to follow.
/// </summary>
public sealed class FollowEmulatorFixture : LifecycleEmulatorFixture
{
    public const int SpawnIntervalMs = 400;

    protected override void Configure(EmulatorOptions options)
    {
        base.Configure(options);
        options.SpawnIntervalMs = SpawnIntervalMs;
    }

    /// <summary>The runs the emulator created (spawned or started) in a time window, of one provider (and task).</summary>
    public List<EmulatedRun> CreatedBetween(string provider, DateTimeOffset from, DateTimeOffset to, string? taskId = null) =>
        Host.Store.Runs(provider).Where(r => r.Triggered && r.CreatedAt > from && r.CreatedAt < to && (taskId is null || r.TaskId == taskId)).ToList();
}
