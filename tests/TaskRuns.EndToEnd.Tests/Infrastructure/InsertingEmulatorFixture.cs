using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An emulator whose every run-list request first inserts new (newest) runs, so page and offset clients see rows
/// shift while they page. Its own instance: the shared emulator's data must not change under other tests.
/// </summary>
public sealed class InsertingEmulatorFixture : EmulatorFixture
{
    public const int InsertsPerListRequest = 3;

    protected override void Configure(EmulatorOptions options)
    {
        options.InsertsPerListRequest = InsertsPerListRequest;
        options.RunsPerTask = 240;
        options.TasksPerProvider = 2;
    }
}
