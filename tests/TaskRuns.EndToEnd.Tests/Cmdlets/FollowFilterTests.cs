using System.Management.Automation;
using TaskRuns.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Provider-only filters with -Follow. RunWisp's run stream and Deck's events bring every run (the server filters
/// neither), so the follower checks each streamed or event run against the filters a listing sends to the server
/// (-Outcome, -SourceId, -AgentId, -CredentialId, workflow_id; -Search and task_name on RunWisp), and refuses the one a
/// run alone cannot be checked against (Deck's -Search) instead of dropping it.
/// </summary>
public sealed class FollowFilterTests : IClassFixture<FollowEmulatorFixture>, IDisposable
{
    private readonly FollowEmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public FollowFilterTests(FollowEmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewConnectedSession();
    }

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Deck_Outcome_applies_to_runs_that_arrive_as_events()
    {
        // The spawner's runs all succeed (one every 400 ms); one run started here fails.
        var (shell, handle) = _ps.Begin("Get-TaskRun -Provider Deck -Outcome failure -Follow -PollInterval 1 -Timeout 8");
        using (shell)
        {
            Thread.Sleep(2000);
            string failing;
            using (var starter = _emulator.NewConnectedSession())
                failing = starter.Run("(Start-TaskRun -Provider Deck -TaskId $args[0] -Input @{ outcome = 'failure' }).Id", _emulator.TaskOf("deck"))
                    .ThrowIfErrors().Output.Single().ToString();
            var output = shell.EndInvoke(handle);
            var result = new PowerShellResult(new System.Collections.ObjectModel.Collection<PSObject>(output.ToList()), shell.Streams, null).ThrowIfErrors();
            var runs = result.Runs();

            // Succeeding spawned runs were in the events all along: none may be written.
            Assert.True(_emulator.CreatedBetween("deck", DateTimeOffset.UtcNow.AddSeconds(-8), DateTimeOffset.UtcNow).Count > 5, "the spawner made no runs to filter out");
            Assert.All(runs, r => Assert.Equal("failure", r["Result"]));
            var written = Assert.Single(runs);
            Assert.Equal(failing, written.Id);
            Assert.Equal("Failure", written.Status);
        }
    }

    public static TheoryData<string> RunWispFilters => new() { "-Search $args[0]", "-Filter @{ task_name = $args[0] }" };

    [Theory]
    [MemberData(nameof(RunWispFilters))]
    public void RunWisp_Search_and_task_name_apply_to_runs_from_the_run_stream(string filter)
    {
        // The spawner creates runs round-robin over RunWisp's tasks: only the chosen task's may be written.
        string task = _emulator.Host.Store.TaskIds("runwisp").Where(id => id != "always-fails").Last();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        var result = _ps.Run($"Get-TaskRun -Provider RunWisp {filter} -Follow -Timeout 8", task).ThrowIfErrors();
        DateTimeOffset after = DateTimeOffset.UtcNow;
        var runs = result.Runs();

        var others = _emulator.CreatedBetween("runwisp", before.AddSeconds(1), after.AddSeconds(-2)).Where(r => r.TaskId != task).ToList();
        Assert.NotEmpty(others); // runs of other tasks came through the stream while following
        Assert.All(runs, r => Assert.Equal(task, r.TaskId));
        var expected = _emulator.CreatedBetween("runwisp", before.AddSeconds(1), after.AddSeconds(-2), task);
        Assert.NotEmpty(expected);
        Assert.All(expected, e => Assert.Contains(runs, r => r.Id == e.Id));
    }

    [Fact]
    public void Deck_Search_is_refused_with_Follow_rather_than_dropped()
    {
        var result = _ps.Run("Get-TaskRun -Provider Deck -Search 'bill' -Follow -Timeout 3");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("FilterNotFollowable,TaskRuns.Commands.GetTaskRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Search", error.Exception.Message);
        Assert.Contains("Deck's events", error.Exception.Message);
        Assert.Empty(result.Runs());
        // Listing with -Search still works: the server applies it.
        _ps.Run("Get-TaskRun -Provider Deck -Search 'bill' -First 1").ThrowIfErrors();
    }
}
