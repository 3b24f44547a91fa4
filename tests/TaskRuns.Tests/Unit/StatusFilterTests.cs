using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Tests.Unit;

public class StatusFilterTests
{
    private static readonly string[] DeckValues = { "queued", "running", "canceling", "interaction_required", "review_required", "completed", "canceled", "failed" };

    [Fact]
    public void Accepts_provider_values_and_normalised_names()
    {
        var filter = StatusFilter.Resolve(TaskRunProvider.Deck, new[] { "failed", "WaitingForInput" }, DeckValues);
        Assert.Contains("failed", filter.RawValues);
        Assert.Contains(TaskRunStatus.WaitingForInput, filter.NormalisedValues);
        Assert.True(filter.Matches(new TaskRun { Status = TaskRunStatus.WaitingForInput, ProviderStatus = "review_required" }));
        Assert.True(filter.Matches(new TaskRun { Status = TaskRunStatus.Failure, ProviderStatus = "failed" }));
        Assert.False(filter.Matches(new TaskRun { Status = TaskRunStatus.Success, ProviderStatus = "completed/success" }));
    }

    [Fact]
    public void Server_values_exist_only_when_every_status_has_an_exact_equivalent()
    {
        IReadOnlyList<string>? Map(TaskRunStatus s) => s switch
        {
            TaskRunStatus.Running => new[] { "running" },
            TaskRunStatus.WaitingForInput => new[] { "interaction_required", "review_required" },
            _ => null,
        };
        var expressible = StatusFilter.Resolve(TaskRunProvider.Deck, new[] { "Running", "WaitingForInput", "failed" }, DeckValues);
        // "Running" is also a Deck value, so it is taken as one; WaitingForInput expands to its two server values.
        Assert.Equal(new[] { "failed", "interaction_required", "review_required", "running" }, expressible.ServerValues(DeckValues, Map)!.Order());
        var not = StatusFilter.Resolve(TaskRunProvider.Deck, new[] { "Success" }, DeckValues);
        Assert.Null(not.ServerValues(DeckValues, Map));
    }

    [Fact]
    public void Rejects_a_value_that_is_neither()
    {
        var e = Assert.Throws<TaskRunInputException>(() => StatusFilter.Resolve(TaskRunProvider.Deck, new[] { "exploded" }, DeckValues));
        Assert.Equal("InvalidStatus", e.ErrorId);
        Assert.Contains("Deck", e.Message);
        Assert.Throws<TaskRunInputException>(() => StatusFilter.Resolve(TaskRunProvider.Deck, new[] { "3" }, DeckValues));
    }
}
