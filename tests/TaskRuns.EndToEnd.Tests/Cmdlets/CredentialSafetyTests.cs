using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Keys and passwords never leak: not into output objects, any stream, error messages, exception data or $Error; never
/// over plain http to a remote host unless allowed; and where they come from (parameter, environment) is clear.
/// Environment variables are process-wide, so this class runs alone in the environment collection.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class CredentialSafetyTests : IDisposable
{
    private const string WrongKey = "wrong-key-9b7e41";
    private readonly EnvironmentFixture _emulator;
    private readonly PowerShellSession _ps;

    public CredentialSafetyTests(EnvironmentFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    private static readonly string[] Secrets = [EmulatorFixture.ApiKey, EmulatorFixture.RunWispPassword, WrongKey];

    /// <summary>Every text a result carries, deeply: outputs and error records serialised as CLIXML, every stream.</summary>
    private static IEnumerable<string> EverythingIn(PowerShellResult result)
    {
        foreach (PSObject o in result.Output)
        {
            yield return o.ToString();
            yield return PSSerializer.Serialize(o, 4);
        }
        foreach (ErrorRecord e in result.AllErrors)
        {
            yield return e.ToString();
            yield return e.Exception.ToString();
            yield return e.ErrorDetails?.ToString() ?? "";
            yield return PSSerializer.Serialize(e.Exception, 3);
            yield return PSSerializer.Serialize(e, 2);
        }
        if (result.Terminating != null) yield return result.Terminating.ToString();
        foreach (string s in result.Warnings.Concat(result.Verbose).Concat(result.Debug).Concat(result.Information)) yield return s;
        foreach (ProgressRecord p in result.Progress) yield return p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation;
    }

    private static void AssertNoSecret(IEnumerable<string> texts, string what)
    {
        int count = 0;
        foreach (string text in texts)
        {
            count++;
            foreach (string secret in Secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{what}: a secret appears in: {text}");
        }
        Assert.True(count > 0, what + ": nothing was searched");
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void No_output_stream_error_or_error_record_ever_contains_the_key(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        var host = _emulator.Host;
        string task = provider.FirstTask(host);
        string unknownId = provider == ProviderCase.Anchor ? Guid.Empty.ToString() : provider == ProviderCase.RunWisp ? "01ARZ3NDEKTSV4RRFFQ69G5FAV" : "9999999999999999999";
        string setWrong = provider == ProviderCase.RunWisp ? "$s.Credential = [pscredential]::new('runwisp', $args[2])" : "$s.ApiKey = $args[2]";
        string connectSecret = provider == ProviderCase.RunWisp ? "-Credential $runwisp.Credential" : "-ApiKey $key";
        host.Stats.Reset();
        host.ForceFaults(provider.Emulator, "503", 1, afterRequests: 1); // a retry, so -Verbose has something to say

        var result = _ps.Run($$"""
            $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $InformationPreference = 'Continue'
            $Error.Clear()
            $runs = Get-TaskRun @{{provider.Splat}} -TaskId $args[0] -All -PageSize 10 -Verbose -Debug
            $runs[0]; $runs[0].ToString(); "$($runs[0])"
            Get-TaskRunPage @{{provider.Splat}} -TaskId $args[0] -PageSize 5 -Verbose
            Get-TaskRun @{{provider.Splat}} -TaskId $args[0] -Id $args[1] -Verbose -Debug                      # not found: an error record
            $s = ${{provider.Splat}}.Clone(); {{setWrong}}
            try { Get-TaskRun @s -TaskId $args[0] -Verbose -Debug -ErrorAction Stop } catch { $_ }           # wrong secret: 401
            Connect-TaskRunProvider -Provider {{provider.Name}} -BaseUri ${{provider.Splat}}.BaseUri -Verbose -PassThru {{connectSecret}}
            Get-TaskRunProvider -Provider {{provider.Name}}
            Get-TaskRun -Provider {{provider.Name}} -TaskId $args[0] -First 2 -Verbose                     # from the session
            Disconnect-TaskRunProvider -Provider {{provider.Name}}
            # $Error as a user would dump it (Out-String is not in this runspace: every property instead).
            $Error | ForEach-Object {
                $_.ToString(); $_.Exception.ToString(); "$($_.ErrorDetails)"; $_.ScriptStackTrace; $_.CategoryInfo.ToString()
                $_.Exception.Data.Values
                for ($e = $_.Exception; $e; $e = $e.InnerException) { $e.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" } }
            }
            """, task, unknownId, PowerShellSession.Secure(WrongKey));

        // Everything above really happened: runs, the retry, the not-found error, the 401, the session connection.
        Assert.Equal(1, host.Stats.For(provider.Emulator).FaultCount("503"));
        Assert.Contains(result.Verbose, v => v.Contains(" failed (HTTP 503"));
        Assert.Contains(result.Output, o => o.BaseObject is ErrorRecord e && e.FullyQualifiedErrorId.StartsWith("AuthenticationFailed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("NotFound,", StringComparison.Ordinal));
        Assert.Contains(result.Output, o => RunView.Text(o, "CredentialSource") == "Session");
        Assert.True(result.Output.Count(o => o.Properties["Status"] != null && o.Properties["Id"] != null) >= 3);

        AssertNoSecret(EverythingIn(result), provider.Name);
        var errors = (System.Collections.ArrayList)_ps.GetVariable("Error")!;
        Assert.NotEmpty(errors);
        AssertNoSecret(errors.Cast<object>().Select(e => PSSerializer.Serialize(e, 3)), provider.Name + " $Error");
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void A_key_is_refused_over_plain_http_to_a_remote_host_before_any_connection(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string secret = provider == ProviderCase.RunWisp ? "-Credential $runwisp.Credential" : "-ApiKey $key";
        string task = provider == ProviderCase.Anchor ? Guid.NewGuid().ToString() : "etl";

        // example.invalid can never resolve: had anything tried to connect, the error would be ConnectionFailed.
        var refused = _ps.Run($"try {{ Get-TaskRun -Provider {provider.Name} -BaseUri http://example.invalid {secret} -TaskId $args[0] -ErrorAction SilentlyContinue; 'not caught' }} catch {{ $_ }}", task);
        var error = Assert.IsType<ErrorRecord>(Assert.Single(refused.Output).BaseObject);
        Assert.Equal("InsecureConnectionRefused,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains("example.invalid", error.Exception.Message);
        Assert.Contains("-AllowInsecureHttp", error.Exception.Message);
        AssertNoSecret(EverythingIn(refused), provider.Name);

        // The same through Connect-TaskRunProvider: refused, and nothing is stored.
        var connect = _ps.Run($"try {{ Connect-TaskRunProvider -Provider {provider.Name} -BaseUri http://example.invalid {secret} }} catch {{ $_ }}; (Get-TaskRunProvider -Provider {provider.Name}).BaseUriSource");
        Assert.Equal("InsecureConnectionRefused,TaskRuns.Commands.ConnectTaskRunProviderCommand", Assert.IsType<ErrorRecord>(connect.Output[0].BaseObject).FullyQualifiedErrorId);
        Assert.NotEqual("Session", connect.Output[1].ToString());

        // -AllowInsecureHttp lets it through: now it really tries, and fails to connect — a different error.
        var allowed = _ps.Run($"Get-TaskRun -Provider {provider.Name} -BaseUri http://example.invalid {secret} -TaskId $args[0] -AllowInsecureHttp -MaxRetries 0", task);
        var failed = Assert.Single(allowed.AllErrors);
        Assert.Equal("ConnectionFailed,TaskRuns.Commands.GetTaskRunCommand", failed.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, failed.CategoryInfo.Category);
        Assert.StartsWith($"{provider.Name}: could not reach the server", failed.Exception.Message);
        AssertNoSecret(EverythingIn(allowed), provider.Name);
    }

    [Fact]
    public void Plain_http_to_loopback_and_https_anywhere_need_no_override()
    {
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -First 1", ProviderCase.Anchor.FirstTask(_emulator.Host)).ThrowIfErrors();
        Assert.Single(result.Runs());
        // https to a host that cannot resolve: not refused as insecure, it tries (and fails to connect).
        var https = _ps.Run("Get-TaskRun -Provider Deck -BaseUri https://example.invalid/v2 -ApiKey $key -MaxRetries 0");
        Assert.Equal("ConnectionFailed,TaskRuns.Commands.GetTaskRunCommand", Assert.Single(https.AllErrors).FullyQualifiedErrorId);
    }

    public static TheoryData<string, string, string> MissingCredentials() => new()
    {
        { "Anchor", "-ApiKey", "ANCHORBROWSER_API_KEY" },
        { "RunWisp", "-Credential", "RUNWISP_PASSWORD" },
        { "Deck", "-ApiKey", "DECK_API_KEY" },
        { "BrowserAct", "-ApiKey", "BROWSERACT_API_KEY" },
    };

    [Theory]
    [MemberData(nameof(MissingCredentials))]
    public void A_missing_key_names_the_parameter_and_the_environment_variable(string providerName, string parameter, string variable)
    {
        using var environment = EnvironmentScope.Clean();
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        _emulator.Host.Stats.Reset();

        var result = _ps.Run($"try {{ Get-TaskRun -Provider {provider.Name} -BaseUri ${provider.Splat}.BaseUri -TaskId $args[0] -ErrorAction SilentlyContinue; 'not caught' }} catch {{ $_ }}", task);

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("MissingCredential,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith(provider.Name + ": ", error.Exception.Message);
        Assert.Contains(parameter, error.Exception.Message);
        Assert.Contains(variable, error.Exception.Message);
        Assert.Contains("Connect-TaskRunProvider", error.Exception.Message);
        // Nothing was sent; except to RunWisp, whose daemon may run with auth off: one request without a password, and
        // the daemon's 401 is reported as the missing password.
        Assert.Equal(provider.Name == "RunWisp" ? 1 : 0, _emulator.Host.Stats.For(provider.Emulator).Requests);
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void Environment_variables_supply_the_key_and_the_base_uri(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        var host = _emulator.Host;
        string task = provider.FirstTask(host);
        string root = host.BaseUrl;
        using var environment = EnvironmentScope.Clean();
        switch (provider.Name)
        {
            case "Anchor": environment.Set("ANCHORBROWSER_API_KEY", EmulatorFixture.ApiKey).Set("ANCHORBROWSER_BASE_URL", root); break;
            case "RunWisp": environment.Set("RUNWISP_PASSWORD", EmulatorFixture.RunWispPassword).Set("RUNWISP_URL", root); break;
            case "Deck": environment.Set("DECK_API_KEY", EmulatorFixture.ApiKey).Set("DECK_BASE_URL", root + "/v2"); break;
            case "BrowserAct": environment.Set("BROWSERACT_API_KEY", EmulatorFixture.ApiKey).Set("BROWSERACT_BASE_URL", root); break;
        }
        host.Stats.Reset();

        var result = _ps.Run($"Get-TaskRun -Provider {provider.Name} -TaskId $args[0] -First 3; Get-TaskRunProvider -Provider {provider.Name}", task).ThrowIfErrors();

        Assert.Equal(provider.ExpectedIds(host, task).Take(3), result.Output.Take(3).Select(o => RunView.From(o).Id));
        Assert.True(host.Stats.For(provider.Emulator).ListRequests >= 1); // it went to the emulator named by the variable
        var info = result.Output[3];
        Assert.Equal("Environment", RunView.Text(info, "CredentialSource"));
        Assert.Equal("Environment", RunView.Text(info, "BaseUriSource"));
        Assert.Equal(true, info.Properties["HasCredential"].Value);
        AssertNoSecret(EverythingIn(result), provider.Name);
    }

    [Fact]
    public void An_environment_base_uri_over_plain_http_to_a_remote_host_is_refused_too()
    {
        using var environment = EnvironmentScope.Clean()
            .Set("DECK_API_KEY", EmulatorFixture.ApiKey)
            .Set("DECK_BASE_URL", "http://example.invalid/v2");
        var result = _ps.Run("try { Get-TaskRun -Provider Deck -ErrorAction SilentlyContinue; 'not caught' } catch { $_ }");
        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("InsecureConnectionRefused,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
    }
}
