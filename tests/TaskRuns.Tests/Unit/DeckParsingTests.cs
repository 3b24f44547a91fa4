using System.Text;
using System.Text.Json;
using TaskRuns.Model;
using TaskRuns.Providers.Deck;

namespace TaskRuns.Tests.Unit;

/// <summary>Deck wire shapes the emulator does not serve (it serves the seed's): older spellings and fields.</summary>
public class DeckParsingTests
{
    private static DeckRunList Parse(string json) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), DeckJsonContext.Default.DeckRunList)!;

    [Theory]
    [InlineData("canceling", TaskRunStatus.Cancelling, false)]
    [InlineData("cancelling", TaskRunStatus.Cancelling, false)] // older responses
    [InlineData("review_required", TaskRunStatus.WaitingForInput, false)]
    [InlineData("pending", TaskRunStatus.WaitingForInput, false)] // older name of review_required
    [InlineData("interaction_required", TaskRunStatus.WaitingForInput, false)]
    [InlineData("canceled", TaskRunStatus.Cancelled, true)]
    [InlineData("paused_by_alien", TaskRunStatus.Unknown, false)]
    public void Both_spellings_of_a_status_map_to_the_same_normalised_status(string status, TaskRunStatus expected, bool terminal)
    {
        var list = Parse($$"""
            {"data":[{"id":"trun_1","object":"task_run","status":"{{status}}","result":null,"task_id":"task_1","agent_id":"agt_1",
              "runtime_ms":null,"output":null,"errors":null,"interaction":null,"created_at":"2025-01-02T03:04:05.678+00:00","updated_at":"2025-01-02T03:04:06Z"}],
             "has_more":false,"next_cursor":null,"request_id":"req_1"}
            """);
        Assert.Null(list.Problem());
        var run = DeckProvider.ToTaskRun(list.Data![0]!);
        Assert.Equal(expected, run.Status);
        Assert.Equal(status, run.ProviderStatus); // the raw value stays
        Assert.Equal(terminal, run.IsTerminal);
    }

    [Fact]
    public void An_older_run_with_workflow_id_canceled_at_and_a_string_runtime_is_read()
    {
        var list = Parse("""
            {"data":[{"id":"trun_2","status":"canceled","result":null,"task_id":"task_1","agent_id":"agt_1","workflow_id":"wf_9",
              "runtime_ms":"1500","canceled_at":"2025-01-02T03:05:00Z","created_at":"2025-01-02T03:04:05Z","updated_at":"2025-01-02T03:06:00Z",
              "input":{"a":1},"storage":null}],"has_more":false,"next_cursor":null}
            """);
        var run = DeckProvider.ToTaskRun(list.Data![0]!);
        Assert.Equal("wf_9", run.WorkflowId);
        Assert.Equal(1500, run.RuntimeMs);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), run.Elapsed);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 5, 0, TimeSpan.Zero), run.EndedAt); // canceled_at wins over updated_at
    }

    [Fact]
    public void Output_and_interaction_are_built_on_first_read_then_kept()
    {
        var list = Parse("""
            {"data":[
              {"id":"trun_3","status":"interaction_required","task_id":"task_1","output":{"rows":3,"tags":["a","b"]},
               "interaction":{"type":"mfa","message":"code?"},"created_at":"2025-01-02T03:04:05Z"},
              {"id":"trun_4","status":"completed","result":"success","task_id":"task_1","output":null,"interaction":null}],
             "has_more":false,"next_cursor":null}
            """);
        var run = DeckProvider.ToTaskRun(list.Data![0]!);
        var output = Assert.IsType<System.Management.Automation.PSObject>(run.Output);
        Assert.Equal(3L, output.Properties["rows"].Value);
        Assert.Equal(new object[] { "a", "b" }, (object[])output.Properties["tags"].Value);
        Assert.Same(output, run.Output); // converted once: a change the user makes to it is not lost on the next read
        var interaction = Assert.IsType<System.Management.Automation.PSObject>(run.Interaction);
        Assert.Equal("mfa", interaction.Properties["type"].Value);
        run.Output = "replaced";
        Assert.Equal("replaced", run.Output);

        var empty = DeckProvider.ToTaskRun(list.Data![1]!);
        Assert.Null(empty.Output);
        Assert.Null(empty.Interaction);
    }

    [Fact]
    public void Errors_give_the_message_and_a_timeout_and_a_result_in_any_case_gives_the_status()
    {
        var list = Parse("""
            {"data":[
              {"id":"trun_5","status":"failed","task_id":"task_1","errors":[null,
                {"type":"task","code":"step_timeout","message":"took too long","field":"url"},{"type":"source","code":"x","message":""},
                {"type":"auth","code":"denied","message":"no access"}]},
              {"id":"trun_6","status":"completed","result":"SUCCESS","task_id":"task_1","errors":[]},
              {"id":"trun_7","status":"completed","result":"Failure","task_id":"task_1","errors":null},
              {"id":"trun_8","status":"failed","task_id":"task_1","errors":[{"code":"bad_input","message":"no url"}]}],
             "has_more":false,"next_cursor":null}
            """);
        var failed = DeckProvider.ToTaskRun(list.Data![0]!);
        Assert.Equal(TaskRunStatus.Timeout, failed.Status);
        Assert.Equal(3, failed.Errors.Length); // the null entry is dropped
        Assert.Equal(("task", "step_timeout", "took too long", "url"), (failed.Errors[0].Type, failed.Errors[0].Code, failed.Errors[0].Message, failed.Errors[0].Field));
        Assert.Equal("took too long; no access", failed.ErrorMessage); // empty messages are left out

        var success = DeckProvider.ToTaskRun(list.Data![1]!);
        Assert.Equal(TaskRunStatus.Success, success.Status);
        Assert.Empty(success.Errors);
        Assert.Null(success.ErrorMessage);
        Assert.Equal(TaskRunStatus.Failure, DeckProvider.ToTaskRun(list.Data![2]!).Status);
        Assert.Empty(DeckProvider.ToTaskRun(list.Data![2]!).Errors);

        var plain = DeckProvider.ToTaskRun(list.Data![3]!);
        Assert.Equal(TaskRunStatus.Failure, plain.Status);
        Assert.Equal("no url", plain.ErrorMessage);
    }
}
