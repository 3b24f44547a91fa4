using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <see cref="LifecycleEmulatorFixture"/> whose RunWisp event stream stays silent (a ping every 30 s, RunWisp's default):
/// a waiter stopped with Ctrl+C must close the stream at once, not when the next event or ping happens to arrive
/// (HttpClient keeps draining an abandoned response for up to 2 s, so frequent pings would hide that).
/// </summary>
public sealed class QuietStreamEmulatorFixture : LifecycleEmulatorFixture
{
    protected override void Configure(EmulatorOptions options)
    {
        base.Configure(options);
        options.SsePingSeconds = 30;
    }
}
