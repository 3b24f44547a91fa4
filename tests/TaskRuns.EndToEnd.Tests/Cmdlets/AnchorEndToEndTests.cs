using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class AnchorEndToEndTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;
    private readonly RawApi _raw;

    public AnchorEndToEndTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
        _raw = new RawApi(emulator.BaseUri);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _raw.Dispose();
    }

    private async Task<string> FirstTask() => (await _raw.AnchorTaskIds())[0];

    [Fact]
    public async Task Anchor_all_pages_streams_every_execution_once()
    {
        string task = await FirstTask();
        var expected = await _raw.AnchorExecutions(task);
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All", task).ThrowIfErrors();
        var runs = result.Runs();
        Assert.Equal(expected.Count, runs.Count);
        Assert.Equal(expected.Select(e => e.Id), runs.Select(r => r.Id)); // same ids, same order
        Assert.Equal(runs.Count, runs.Select(r => r.Id).Distinct().Count());
        Assert.All(runs, r => Assert.Equal("TaskRuns.Model.AnchorTaskRun", r.TypeName));
        Assert.All(runs, r => Assert.Equal(task, r.TaskId));
        Assert.All(runs, r => Assert.Equal(expected.First(e => e.Id == r.Id).Status, r.ProviderStatus));
    }

    [Fact]
    public async Task Where_status_eq_failure_selects_exactly_the_failures()
    {
        string task = await FirstTask();
        var failures = (await _raw.AnchorExecutions(task)).Where(e => e.Status == "failure").Select(e => e.Id).ToList();
        Assert.NotEmpty(failures);
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All | Where Status -eq failure", task).ThrowIfErrors();
        Assert.Equal(failures, result.Runs().Select(r => r.Id));
    }

    [Fact]
    public async Task Status_filter_is_applied_by_the_server_for_provider_and_normalised_names()
    {
        string task = await FirstTask();
        var timeouts = (await _raw.AnchorExecutions(task, "timeout")).Select(e => e.Id).ToList();
        Assert.NotEmpty(timeouts);
        var raw = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -Status timeout -All", task).ThrowIfErrors().Runs();
        var normalised = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -Status Timeout -All", task).ThrowIfErrors().Runs();
        Assert.Equal(timeouts, raw.Select(r => r.Id));
        Assert.Equal(timeouts, normalised.Select(r => r.Id));
        var two = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -Status success,Failure -All", task).ThrowIfErrors().Runs();
        Assert.All(two, r => Assert.Contains(r.Status, new[] { "Success", "Failure" }));
        Assert.Equal((await _raw.AnchorExecutions(task)).Count(e => e.Status is "success" or "failure"), two.Count);
    }

    [Fact]
    public async Task First_three_returns_three_and_stops_fetching()
    {
        string task = await FirstTask();
        var expected = (await _raw.AnchorExecutions(task)).Take(5).Select(e => e.Id).ToList();
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -First 3", task).ThrowIfErrors();
        Assert.Equal(expected.Take(3), result.Runs().Select(r => r.Id));
        var skipped = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -Skip 2 -First 3", task).ThrowIfErrors();
        Assert.Equal(expected.Skip(2).Take(3), skipped.Runs().Select(r => r.Id));
    }

    [Fact]
    public async Task Without_all_one_page_comes_back_with_a_warning_that_more_exist()
    {
        string task = await FirstTask();
        var result = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -PageSize 7", task).ThrowIfErrors();
        Assert.Equal(7, result.Runs().Count);
        Assert.Contains(result.Warnings, w => w.Contains("-All"));
    }

    [Fact]
    public async Task A_page_token_cannot_be_replayed_with_other_filters()
    {
        string task = await FirstTask();
        var page = _ps.Run("Get-TaskRunPage @anchor -TaskId $args[0] -PageSize 5", task).ThrowIfErrors().Pages().Single();
        var result = _ps.Run("Get-TaskRunPage @anchor -TaskId $args[0] -Status failure -NextPageToken $args[1]", task, page.NextPageToken);
        Assert.Equal("InvalidPageToken,TaskRuns.Commands.GetTaskRunPageCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Get_by_id_and_by_pipeline_property_names()
    {
        string task = await FirstTask();
        var first = (await _raw.AnchorExecutions(task))[0];
        var one = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -Id $args[1]", task, first.Id).ThrowIfErrors().Runs().Single();
        Assert.Equal(first.Id, one.Id);
        Assert.Equal(first.Status, one.ProviderStatus);

        // Runs piped back in bind Provider, TaskId and Id by property name.
        var refreshed = _ps.Run("Get-TaskRun @anchor -TaskId $args[0] -First 2 | Get-TaskRun -BaseUri $EmulatorUri -ApiKey $key", task).ThrowIfErrors().Runs();
        Assert.Equal(2, refreshed.Count);
    }

    [Fact]
    public async Task Get_TaskRunTask_lists_the_tasks_to_pick_an_id_from()
    {
        var ids = await _raw.AnchorTaskIds();
        var tasks = _ps.Run("Get-TaskRunTask @anchor").ThrowIfErrors().Output;
        Assert.Equal(ids, tasks.Select(t => RunView.Text(t, "TaskId")));
    }

    [Fact]
    public void A_task_id_that_is_not_a_uuid_is_a_clear_error_before_any_request()
    {
        var result = _ps.Run("Get-TaskRun @anchor -TaskId 'not-a-uuid'");
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidTaskId,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Anchor", error.Exception.Message);
        Assert.Equal("not-a-uuid", error.TargetObject);
    }

    [Fact]
    public void An_unknown_task_is_a_not_found_error_naming_provider_status_and_request_id()
    {
        var result = _ps.Run("Get-TaskRun @anchor -TaskId ([guid]::NewGuid())");
        var error = Assert.Single(result.Errors);
        Assert.Equal("NotFound,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Matches("Anchor: HTTP 404 .*request id", error.Exception.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_a_terminating_authentication_error_without_the_key()
    {
        string task = await FirstTask();
        const string wrongKey = "wrong-key-c0ffee";
        // Terminating: caught by try/catch even with -ErrorAction SilentlyContinue, which would hide a non-terminating error.
        var result = _ps.Run("""
            try { Get-TaskRun -Provider Anchor -BaseUri $EmulatorUri -ApiKey $args[1] -TaskId $args[0] -All -ErrorAction SilentlyContinue; 'not caught' }
            catch { $_ }
            """, task, PowerShellSession.Secure(wrongKey));
        var caught = Assert.Single(result.Output);
        var error = Assert.IsType<ErrorRecord>(caught.BaseObject);
        Assert.Equal("AuthenticationFailed,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("HTTP 401", error.Exception.Message);
        Assert.DoesNotContain(wrongKey, error.ToString());
        Assert.DoesNotContain(wrongKey, error.Exception.ToString());
        Assert.DoesNotContain(EmulatorFixture.ApiKey, error.Exception.ToString());
    }

    [Fact]
    public void A_missing_key_names_the_parameter_and_the_environment_variable()
    {
        var result = _ps.Run("try { Get-TaskRun -Provider Anchor -BaseUri $EmulatorUri -TaskId ([guid]::NewGuid()) -ErrorAction SilentlyContinue } catch { $_ }");
        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("MissingCredential,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-ApiKey", error.Exception.Message);
        Assert.Contains("ANCHORBROWSER_API_KEY", error.Exception.Message);
    }
}
