using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An emulator serving the newer RunWisp daemon ({"items"}, instance_index, /api/runs/{id}, PBKDF2 login at
/// /api/auth/login). Its own origin, so the module's process-wide token cache for it starts empty and its logins can be
/// counted: every login on it is either the oracle's (<see cref="Raw"/>, counted there) or the module's.
/// </summary>
public sealed class NewRunWispEmulatorFixture : EmulatorFixture
{
    private RawApi? _raw;

    protected override void Configure(EmulatorOptions options)
    {
        options.RunWispApi = "new";
        options.RunsPerTask = 120;
        options.TasksPerProvider = 2;
    }

    /// <summary>The oracle for this emulator; it logs in once (PBKDF2) and keeps its token.</summary>
    public RawApi Raw => _raw ??= new RawApi(BaseUri) { RunWispApi = "new" };
}
