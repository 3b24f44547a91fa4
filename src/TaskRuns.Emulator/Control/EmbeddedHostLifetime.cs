namespace TaskRuns.Emulator.Control;

/// <summary>
/// Host lifetime that does not hook Ctrl+C or SIGTERM, so an emulator hosted inside a test process
/// never stops that process; <c>Program</c> handles Ctrl+C itself.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
