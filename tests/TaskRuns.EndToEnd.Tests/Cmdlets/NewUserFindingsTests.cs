using System.Management.Automation;
using TaskRuns.Emulator;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// What a new user hit in real pwsh (issue #15), each as the user typed it: paging loops that end, piped pages that keep
/// their filters, totals that do not lie, positional syntax as documented, messages that name what to check.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class NewUserFindingsTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public NewUserFindingsTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        _ps.SetVariable("wrong", PowerShellSession.Secure("wrong-secret"));
    }

    public void Dispose() => _ps.Dispose();

    private string Task(ProviderCase provider) => provider.FirstTask(_emulator.Host);

    [Fact]
    public void The_canonical_page_loop_ends_after_the_last_page()
    {
        _ps.Run("Connect-TaskRunProvider -Provider BrowserAct -BaseUri $EmulatorUri -ApiKey $key").ThrowIfErrors();
        var result = _ps.Run("""
            $p = Get-TaskRunPage BrowserAct -PageSize 500
            $pages = 0; $runs = 0
            while ($p -and $pages -lt 20) { $pages++; $runs += $p.Count; $p = $p | Get-TaskRunPage }
            $pages; $runs; (Get-TaskRun @browseract -All).Count
            """).ThrowIfErrors();
        Assert.True((int)result.Output[0].BaseObject < 20, "the loop never ended");
        Assert.Equal(result.Output[2].BaseObject, result.Output[1].BaseObject);
    }

    [Theory]
    [InlineData("-NextPageToken ''")]
    [InlineData("-NextPageToken ([string]::Empty)")]
    public void An_empty_token_outputs_nothing_and_never_restarts(string token)
    {
        var result = _ps.Run($"Get-TaskRunPage @deck {token}").ThrowIfErrors();
        Assert.Empty(result.Output);
        result = _ps.Run("[pscustomobject]@{ Provider = 'Deck'; NextPageToken = $null } | Get-TaskRunPage -BaseUri \"$EmulatorUri/v2\" -ApiKey $key").ThrowIfErrors();
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Piping_a_page_continues_its_own_task_and_filters()
    {
        string anchorTask = Task(ProviderCase.Anchor), runWispTask = Task(ProviderCase.RunWisp);
        _ps.Run("""
            Connect-TaskRunProvider -Provider Anchor -BaseUri $EmulatorUri -ApiKey $key
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $EmulatorUri -Credential $runwisp.Credential
            Connect-TaskRunProvider -Provider Deck -BaseUri "$EmulatorUri/v2" -ApiKey $key
            """).ThrowIfErrors();
        foreach (string listing in new[] { $"@anchor -TaskId '{anchorTask}'", $"@runwisp -TaskId '{runWispTask}'", "@deck -Status Failure", "@runwisp -Status failed" })
        {
            var expected = _ps.Run($"Get-TaskRun {listing} -First 100").ThrowIfErrors().Runs().Select(r => r.Id).ToList();
            var pages = _ps.Run($"$p = Get-TaskRunPage {listing} -PageSize 5; $p; $p | Get-TaskRunPage").ThrowIfErrors().Pages();
            Assert.Equal(2, pages.Count);
            var listed = pages.SelectMany(p => p.Items).Select(r => r.Id).ToList();
            Assert.NotEmpty(pages[1].Items);
            Assert.Equal(expected.Take(listed.Count).ToList(), listed);
        }
    }

    [Fact]
    public void The_total_is_unknown_where_TaskRuns_filters_itself()
    {
        var page = _ps.Run("Get-TaskRunPage @runwisp -Status Failure -PageSize 10").ThrowIfErrors().Pages().Single();
        Assert.Null(page.TotalCount);
        var unfiltered = _ps.Run("Get-TaskRunPage @runwisp -PageSize 10").ThrowIfErrors().Pages().Single();
        Assert.NotNull(unfiltered.TotalCount);

        var listed = _ps.Run("Get-TaskRun @runwisp -Status Failure -PageSize 10 -IncludeTotalCount");
        var total = Assert.IsType<PSObject>(listed.Output.First(o => o.Properties["Accuracy"] != null));
        Assert.Equal(0.0, (double)total.Properties["Accuracy"].Value);
        string warning = Assert.Single(listed.Warnings);
        Assert.Contains("may match", warning);
        Assert.DoesNotContain("in all", warning);
    }

    [Fact]
    public void Positional_provider_and_id_work_for_Wait_and_Stop()
    {
        string id = (string)_ps.Run("@(Get-TaskRun @deck -All | Where-Object IsTerminal)[0].Id").ThrowIfErrors().Output.Single().BaseObject;
        var waited = _ps.Run("Wait-TaskRun Deck $args[0] -BaseUri \"$EmulatorUri/v2\" -ApiKey $key -Timeout 10", id).ThrowIfErrors();
        Assert.Equal(id, waited.Runs().Single().Id);
        var stopped = _ps.Run("Stop-TaskRun Deck $args[0] -BaseUri \"$EmulatorUri/v2\" -ApiKey $key -WhatIf", id).ThrowIfErrors();
        Assert.Empty(stopped.Output);
    }

    [Fact]
    public void Tab_completes_run_ids_newest_first_with_status()
    {
        _ps.Run("Connect-TaskRunProvider -Provider Deck -BaseUri \"$EmulatorUri/v2\" -ApiKey $key").ThrowIfErrors();
        var newest = _ps.Run("Get-TaskRun -Provider Deck -First 20").ThrowIfErrors().Output.OrderByDescending(o => (DateTimeOffset?)o.Properties["CreatedAt"].Value).Select(RunView.From).First();
        var completion = _ps.Run("$line = 'Get-TaskRun -Provider Deck -Id '; (TabExpansion2 $line $line.Length).CompletionMatches").ThrowIfErrors();
        var first = (CompletionResult)completion.Output.First().BaseObject;
        Assert.Equal(newest.Id, first.CompletionText.Trim('\''));
        Assert.Contains(newest.Status, first.ToolTip);
        Assert.DoesNotContain(completion.Output.Select(o => ((CompletionResult)o.BaseObject).ResultType), t => t == CompletionResultType.ProviderItem);
    }

    [Fact]
    public void A_run_of_another_task_is_not_found()
    {
        string[] tasks = _emulator.Host.Store.TaskIds("deck").ToArray();
        var run = _ps.Run("Get-TaskRun @deck -TaskId $args[0] -First 1", tasks[0]).ThrowIfErrors().Runs().Single();
        var result = _ps.Run("Get-TaskRun @deck -TaskId $args[0] -Id $args[1]", tasks[1], run.Id);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains(tasks[1], error.Exception.Message);
    }

    [Fact]
    public void A_run_id_in_the_TaskId_position_is_pointed_out()
    {
        string id = _ps.Run("Get-TaskRun @deck -First 1").ThrowIfErrors().Runs().Single().Id;
        var result = _ps.Run("Get-TaskRun @deck $args[0]", id).ThrowIfErrors();
        Assert.Empty(result.Output);
        Assert.Contains(result.Warnings, w => w.Contains($"-Id {id}"));
    }

    [Fact]
    public void The_error_target_is_the_object_piped_in_or_the_id_given()
    {
        string task = Task(ProviderCase.Anchor);
        var piped = _ps.Run("""
            $global:r = Get-TaskRun @anchor -TaskId $args[0] -First 1
            $global:r | Stop-TaskRun -BaseUri $EmulatorUri -ApiKey $key -ErrorAction SilentlyContinue -ErrorVariable e
            $e[0]
            """, task);
        var record = (ErrorRecord)piped.Output.Single().BaseObject;
        Assert.StartsWith("StopNotSupported", record.FullyQualifiedErrorId);
        Assert.Same(((PSObject)_ps.GetVariable("r")!).BaseObject, record.TargetObject);

        var byId = _ps.Run("Wait-TaskRun -Provider Deck -Id trun_doesnotexist0000 -BaseUri \"$EmulatorUri/v2\" -ApiKey $key -Timeout 5 -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].TargetObject.Id");
        Assert.Equal("trun_doesnotexist0000", byId.Output.Single().BaseObject);
    }

    [Fact]
    public void A_ThrottleLimit_above_the_provider_limit_is_lowered_with_a_warning()
    {
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All -ThrottleLimit 16", Task(ProviderCase.Anchor)).ThrowIfErrors();
        Assert.Contains(result.Warnings, w => w.Contains("-ThrottleLimit 16") && w.Contains("8 page(s)"));
        Assert.DoesNotContain(_ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All -ThrottleLimit 8", Task(ProviderCase.Anchor)).Warnings, w => w.Contains("ThrottleLimit"));
    }

    [Fact]
    public void RequestTimeout_is_a_parameter_of_every_cmdlet_that_sends_requests()
    {
        foreach (string command in new[] { "Get-TaskRun", "Get-TaskRunPage", "Get-TaskRunTask", "Start-TaskRun", "Stop-TaskRun", "Wait-TaskRun" })
            Assert.True((bool)_ps.Run($"(Get-Command {command}).Parameters.ContainsKey('RequestTimeout')").Output.Single().BaseObject, command);
        var refused = _ps.Run("Get-TaskRun @deck -RequestTimeout 0.2");
        Assert.Contains(refused.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("InvalidRequestTimeout"));
        _ps.Run("Get-TaskRun @deck -RequestTimeout 30 -First 1").ThrowIfErrors();
    }

    [Fact]
    public void A_wrong_RunWisp_password_names_the_password()
    {
        var result = _ps.Run("Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -Credential ([pscredential]::new('x', $wrong))");
        var error = Assert.Single(result.AllErrors);
        string text = error.Exception.Message + " " + error.ErrorDetails?.RecommendedAction;
        Assert.True(text.Contains("password"), text);
        Assert.Contains("-Credential", text);
        Assert.Contains("RUNWISP_PASSWORD", text);
        Assert.DoesNotContain("API key", text);
    }

    [Fact]
    public void A_connection_error_names_the_address_and_its_source()
    {
        var result = _ps.Run("Get-TaskRun -Provider Deck -BaseUri http://127.0.0.1:1/v2 -ApiKey $key -MaxRetries 0");
        var error = Assert.Single(result.AllErrors);
        Assert.Contains("http://127.0.0.1:1/v2/", error.Exception.Message);
        Assert.Contains("from -BaseUri", error.Exception.Message);
    }

    [Fact]
    public void Stopping_an_ended_RunWisp_run_gives_no_pending_hint()
    {
        var result = _ps.Run("@(Get-TaskRun @runwisp -All | Where-Object IsTerminal)[0] | Stop-TaskRun -BaseUri $EmulatorUri -Credential $runwisp.Credential -Confirm:$false");
        var error = Assert.Single(result.AllErrors);
        Assert.Contains("already ended", error.Exception.Message);
        Assert.DoesNotContain("pending", error.Exception.Message);
    }

    [Fact]
    public void Starting_an_unknown_BrowserAct_workflow_is_NotFound()
    {
        var result = _ps.Run("Start-TaskRun @browseract -TaskId 999999999999 -Confirm:$false");
        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("NotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_rejected_key_is_caught_with_try_catch_as_documented()
    {
        var result = _ps.Run("""
            try { Get-TaskRun -Provider Deck -BaseUri "$EmulatorUri/v2" -ApiKey $wrong -ErrorAction SilentlyContinue; 'not reached' }
            catch { $_.FullyQualifiedErrorId }
            """);
        string caught = (string)result.Output.Single().BaseObject;
        Assert.True(caught.StartsWith("AuthenticationFailed"), caught);
        string about = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, "en-US", "about_TaskRuns.help.txt"));
        Assert.Contains("try {", about);
        Assert.Contains("-ErrorAction SilentlyContinue or Ignore", about);
    }

    [Fact]
    public void Remove_Module_forgets_the_stored_keys()
    {
        var result = _ps.Run("""
            Connect-TaskRunProvider -Provider Deck -BaseUri "$EmulatorUri/v2" -ApiKey $key
            (Get-TaskRunProvider Deck).CredentialSource
            Remove-Module TaskRuns
            Import-Module $args[0]
            (Get-TaskRunProvider Deck).CredentialSource
            """, ModulePaths.Manifest).ThrowIfErrors();
        Assert.Equal("Session", result.Output[0].BaseObject);
        Assert.Equal("None", result.Output[1].BaseObject);
    }

    [Fact]
    public void Messages_have_no_doubled_prefix_or_full_stop()
    {
        // Anchor lists every task's executions without -TaskId; a page of them still needs one task.
        var result = _ps.Run("Get-TaskRunPage -Provider Anchor -BaseUri $EmulatorUri -ApiKey $key");
        string message = Assert.Single(result.AllErrors).Exception.Message;
        Assert.DoesNotContain("Anchor: Anchor", message);

        var failed = _ps.Run("""
            $f = @(Get-TaskRun @deck -All | Where-Object { $_.Status -eq 'Failure' -and $_.ErrorMessage -like '*.' })
            $f[0] | Wait-TaskRun -ErrorOnFailure -Timeout 5 -BaseUri "$EmulatorUri/v2" -ApiKey $key
            """);
        string text = Assert.Single(failed.AllErrors).Exception.Message;
        Assert.DoesNotContain("..", text);
    }
}

/// <summary>RunWisp's newer end reasons: daemon_stopped ended the run, so it is a Failure.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class RunWispEndReasonTests : IClassFixture<NewRunWispEmulatorFixture>
{
    private readonly NewRunWispEmulatorFixture _emulator;

    public RunWispEndReasonTests(NewRunWispEmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void Daemon_stopped_is_a_Failure()
    {
        using var ps = _emulator.NewSession();
        var runs = ps.Run("Get-TaskRun @runwisp -All | Where-Object ProviderStatus -eq daemon_stopped").ThrowIfErrors().Runs();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Equal("Failure", r.Status));
        Assert.NotEmpty(ps.Run("Get-TaskRun @runwisp -All -Status Failure | Where-Object ProviderStatus -eq daemon_stopped").ThrowIfErrors().Output);
    }
}

/// <summary>Get-TaskRunProvider says when a base URI variable is unusable instead of showing the default.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class InvalidEnvironmentUriTests
{
    [Fact]
    public void An_invalid_base_URI_variable_is_flagged()
    {
        using var scope = EnvironmentScope.Clean().Set("DECK_BASE_URL", "not a uri");
        using var ps = new PowerShellSession();
        var result = ps.Run("Get-TaskRunProvider Deck").ThrowIfErrors();
        var info = result.Output.Single();
        Assert.Equal("Environment (invalid)", info.Properties["BaseUriSource"].Value);
        Assert.Null(info.Properties["BaseUri"].Value);
        Assert.Contains(result.Warnings, w => w.Contains("DECK_BASE_URL"));
    }
}
