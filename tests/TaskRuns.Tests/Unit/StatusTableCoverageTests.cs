using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// Every raw status of every provider means something: none normalises to Unknown except the provider's own "unknown"
/// and the rows whose meaning is refined by another field (RunWisp ended by its end reason, Deck completed by its result).
/// </summary>
public sealed class StatusTableCoverageTests
{
    private static readonly HashSet<(TaskRunProvider, string)> RefinedOrUnknownByDesign =
    [
        (TaskRunProvider.RunWisp, "ended"),
        (TaskRunProvider.Deck, "completed"),
        (TaskRunProvider.BrowserAct, "unknown"),
    ];

    public static TheoryData<TaskRunProvider, string> EveryRawValue()
    {
        var data = new TheoryData<TaskRunProvider, string>();
        foreach (TaskRunProvider provider in Enum.GetValues<TaskRunProvider>())
            foreach (string raw in ProviderRegistry.Get(provider).Descriptor.StatusTable.Values)
                data.Add(provider, raw);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRawValue))]
    public void Maps_to_a_known_status(TaskRunProvider provider, string raw)
    {
        if (RefinedOrUnknownByDesign.Contains((provider, raw))) return;
        Assert.NotEqual(TaskRunStatus.Unknown, ProviderRegistry.Get(provider).Descriptor.StatusTable.Normalise(raw));
    }

    [Fact]
    public void Every_RunWisp_end_reason_maps_through_ended()
    {
        foreach (string reason in ProviderRegistry.Get(TaskRunProvider.RunWisp).Descriptor.StatusTable.Values.Except(["pending", "running", "ended"]))
            Assert.NotEqual(TaskRunStatus.Unknown, Providers.RunWisp.RunWispStatus.Normalise("ended", reason));
    }

    [Fact]
    public void Daemon_stopped_is_a_Failure() =>
        Assert.Equal(TaskRunStatus.Failure, Providers.RunWisp.RunWispStatus.Normalise("ended", "daemon_stopped"));
}
