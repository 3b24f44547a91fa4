using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>BrowserAct get-task's <c>steps[]</c> and <c>log_detail_url</c>.</summary>
public sealed class BrowserActStepsTests
{
    [Fact]
    public async Task Steps_are_numbered_from_1_finished_tasks_succeed_in_every_step_and_failed_tasks_end_in_a_failed_step()
    {
        await using var emulator = await OwnEmulator.StartAsync();
        var checkedStatuses = new HashSet<string>();
        foreach (var status in new[] { "finished", "failed", "canceled", "created", "running" })
        {
            var list = await emulator.Json($"/v2/workflow/list-tasks?status={status}&limit=5");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var task = await emulator.Json($"/v2/workflow/get-task?task_id={item.GetProperty("id").GetString()}");
                var steps = task.GetProperty("steps").EnumerateArray().ToList();
                Assert.False(string.IsNullOrEmpty(task.GetProperty("log_detail_url").GetString()));
                Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.GetProperty("step").GetInt32()));
                Assert.All(steps, s =>
                {
                    Assert.Contains(s.GetProperty("status").GetString(), new[] { "running", "succeed", "failed" });
                    Assert.False(string.IsNullOrEmpty(s.GetProperty("step_goal").GetString()));
                    Assert.Equal(JsonValueKind.String, s.GetProperty("evaluation_previous_goal").ValueKind);
                    Assert.Equal(JsonValueKind.String, s.GetProperty("screenshots_url").ValueKind);
                });
                var statuses = steps.Select(s => s.GetProperty("status").GetString()).ToList();
                switch (status)
                {
                    case "created":
                        Assert.Empty(steps);
                        break;
                    case "finished":
                        Assert.NotEmpty(steps);
                        Assert.All(statuses, s => Assert.Equal("succeed", s));
                        break;
                    case "running":
                        Assert.Equal("running", statuses[^1]);
                        break;
                    default:
                        Assert.Equal("failed", statuses[^1]);
                        Assert.All(statuses.SkipLast(1), s => Assert.Equal("succeed", s));
                        break;
                }

                if (status == "failed" && steps.Count > 1)
                {
                    Assert.Contains(task.GetProperty("task_failure_info").GetProperty("message").GetString()!,
                        steps[^1].GetProperty("evaluation_previous_goal").GetString());
                }

                checkedStatuses.Add(status);
            }
        }

        Assert.Equal(5, checkedStatuses.Count);
    }
}
