using System.Management.Automation;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// A self-hosted RunWisp daemon with auth switched off (RUNWISP_AUTH=off; RUNWISP_NO_AUTH in 0.4.x), in both daemon
/// shapes: with no password from any source the module sends its requests unauthenticated; a password still works; a
/// daemon with auth on answers 401 and the error says that no password was given. RUNWISP_PASSWORD must be unset, so
/// this runs in the environment collection.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RunWispAuthOffEndToEndTests
{
    public static TheoryData<string> Shapes() => new() { "seed", "new" };

    private static Task<EmulatorHost> StartAsync(string shape, bool authDisabled) => EmulatorHost.StartAsync(new EmulatorOptions
    {
        Urls = "http://127.0.0.1:0",
        ApiKey = EmulatorFixture.ApiKey,
        RunWispPassword = EmulatorFixture.RunWispPassword,
        Seed = 7,
        RunsPerTask = 30,
        TasksPerProvider = 2,
        RunWispLoginLimit = 0,
        RunDurationMs = 600,
        RunWispApi = shape,
        RunWispAuthDisabled = authDisabled,
    });

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task With_no_password_anywhere_requests_go_out_unauthenticated_and_work(string shape)
    {
        using var environment = EnvironmentScope.Clean();
        await using var host = await StartAsync(shape, authDisabled: true);
        using var ps = new PowerShellSession(host.BaseUri);
        string task = host.Store.TaskIds("runwisp").First(t => t != "always-fails");

        var result = ps.Run("""
            Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -TaskId $args[0] -First 3
            Start-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -TaskId $args[0] -Wait -PollInterval 0.2 -Timeout 30
            """, task).ThrowIfErrors();

        var runs = result.Runs();
        Assert.Equal(4, runs.Count);
        Assert.Equal("Success", runs[^1].Status);
        var stats = host.Stats.For("runwisp");
        Assert.Equal(0, stats.Logins);
        Assert.DoesNotContain(stats.RecentRequests, r => r.Path.StartsWith("/api/auth", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_password_given_to_a_daemon_with_auth_off_still_works(string shape)
    {
        using var environment = EnvironmentScope.Clean();
        await using var host = await StartAsync(shape, authDisabled: true);
        using var ps = new PowerShellSession(host.BaseUri);
        string task = host.Store.TaskIds("runwisp").First(t => t != "always-fails");

        var runs = ps.Run("Get-TaskRun @runwisp -TaskId $args[0] -First 2", task).ThrowIfErrors().Runs();

        Assert.Equal(2, runs.Count);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task With_no_password_a_daemon_with_auth_on_answers_401_and_the_error_says_no_password_was_given(string shape)
    {
        using var environment = EnvironmentScope.Clean();
        await using var host = await StartAsync(shape, authDisabled: false);
        using var ps = new PowerShellSession(host.BaseUri);

        var result = ps.Run("try { Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -First 1 -ErrorAction Stop; 'not caught' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("MissingCredential,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        string message = error.Exception.Message;
        Assert.StartsWith("RunWisp: no password was given", message);
        Assert.Contains("-Credential", message);
        Assert.Contains("RUNWISP_PASSWORD", message);
        Assert.Contains("HTTP 401", message);
        Assert.Equal(1, host.Stats.For("runwisp").Requests); // one unauthenticated request, no sign-in, no retry
    }
}
