using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An emulator for starting, waiting on and stopping runs: triggered runs end after <see cref="RunDurationMs"/>
/// (queued for the first third), the RunWisp event stream pings every second, and the seeded data is small
/// (every task still holds each status once, so seeded pending/running/finished runs exist to stop or wait on).
/// </summary>
public class LifecycleEmulatorFixture : EmulatorFixture
{
    public const int RunDurationMs = 1200;

    protected override void Configure(EmulatorOptions options)
    {
        options.RunDurationMs = RunDurationMs;
        options.SsePingSeconds = 1;
        options.RunsPerTask = 40; // two status blocks: every task holds each status twice
        options.TasksPerProvider = 2;
    }

    /// <summary>A session connected to every provider (Connect-TaskRunProvider), so one command can handle runs of several providers.</summary>
    public PowerShellSession NewConnectedSession()
    {
        var session = NewSession();
        session.Run("""
            Connect-TaskRunProvider -Provider Anchor -BaseUri $EmulatorUri -ApiKey $key
            Connect-TaskRunProvider -Provider Deck -BaseUri ($EmulatorUri + '/v2') -ApiKey $key
            Connect-TaskRunProvider -Provider BrowserAct -BaseUri $EmulatorUri -ApiKey $key
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $EmulatorUri -Credential $runwisp.Credential
            """).ThrowIfErrors();
        return session;
    }

    /// <summary>The first task of a provider that runs normally (RunWisp: not always-fails).</summary>
    public string TaskOf(string provider) =>
        Host.Store.TaskIds(provider).First(id => id != "always-fails");

    /// <summary>A seeded run of the provider in that raw status (seeded runs never change on their own); for tests that leave it as it is.</summary>
    public EmulatedRun SeededRun(string provider, string status) =>
        Host.Store.Runs(provider).First(r => !r.Triggered && r.Status == status);

    private readonly HashSet<string> _claimed = new();

    /// <summary>A seeded run in that status that no other test has claimed: for tests that change it (stop it).</summary>
    public EmulatedRun ClaimSeededRun(string provider, string status)
    {
        lock (_claimed)
        {
            var run = Host.Store.Runs(provider).Last(r => !r.Triggered && r.Status == status && !_claimed.Contains(r.Id));
            _claimed.Add(run.Id);
            return run;
        }
    }

    public EmulatedRun StoredRun(string provider, string id) =>
        Host.Store.FindRun(provider, id) ?? throw new InvalidOperationException($"{provider} run {id} is not in the emulator.");
}
