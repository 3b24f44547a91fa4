using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>Anchor's page-number paging while the API inserts new executions on every list request.</summary>
public sealed class AnchorPagingWhileInsertingTests : IClassFixture<InsertingEmulatorFixture>
{
    private readonly InsertingEmulatorFixture _inserting;

    public AnchorPagingWhileInsertingTests(InsertingEmulatorFixture inserting) => _inserting = inserting;

    [Fact]
    public void All_while_executions_are_inserted_lists_every_execution_that_existed_once()
    {
        var store = _inserting.Host.Store;
        var stats = _inserting.Host.Stats.Anchor;
        using var ps = _inserting.NewSession();
        string task = store.TaskIds("anchor")[0];
        var existing = store.Runs("anchor", task).Select(r => r.Id).ToList();
        long inserted = stats.RunsInserted;

        var result = ps.Run("Get-TaskRun @anchor -TaskId $args[0] -All -PageSize 20 -Verbose", task).ThrowIfErrors();

        Assert.True(stats.RunsInserted - inserted >= 3 * (existing.Count / 20), $"only {stats.RunsInserted - inserted} executions were inserted");
        Assert.Contains(result.Verbose, v => v.Contains("appeared twice"));
        var ids = result.Runs().Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var existingSet = existing.ToHashSet();
        Assert.Equal(existing, ids.Where(existingSet.Contains).ToList());
        Assert.All(ids.Where(id => !existingSet.Contains(id)), id => Assert.NotNull(store.FindRun("anchor", id)));
    }
}
