using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An emulator of its own with more Anchor tasks than Anchor's 8 concurrent requests, enforcing that limit (429 beyond),
/// with some latency so requests overlap: the peak it measures is what the client had in flight, without other tests'
/// requests counted in it.
/// </summary>
public sealed class AnchorConcurrencyFixture : EmulatorFixture
{
    public const int Limit = 8;
    public const int Tasks = 12;

    protected override void Configure(EmulatorOptions options)
    {
        options.TasksPerProvider = Tasks;
        options.RunsPerTask = 95; // 10 pages of 10 per task, the last one short
        options.LatencyMs = 15;
        options.AnchorConcurrencyLimit = Limit;
    }
}
