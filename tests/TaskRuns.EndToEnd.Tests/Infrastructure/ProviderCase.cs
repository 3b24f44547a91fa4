using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a provider-generic test needs to know about one provider: its emulator name, the splat that connects to it,
/// its run-list route and the query parameter that says which page a list request asked for.
/// </summary>
/// <param name="ReportsTotal">Whether a page says how many runs there are in all (Deck's cursor pages do not).</param>
public sealed record ProviderCase(string Name, string Emulator, string Splat, string ListRoute, string PositionParameter, bool ReportsTotal = true)
{
    public static readonly ProviderCase Anchor = new("Anchor", "anchor", "anchor", "/v1/task/{taskId}/executions", "page");
    public static readonly ProviderCase RunWisp = new("RunWisp", "runwisp", "runwisp", "/api/tasks/{taskName}/runs", "offset");
    public static readonly ProviderCase Deck = new("Deck", "deck", "deck", "/v2/task-runs", "cursor", ReportsTotal: false);
    public static readonly ProviderCase BrowserAct = new("BrowserAct", "browseract", "browseract", "/v2/workflow/list-tasks", "page");

    public static readonly IReadOnlyList<ProviderCase> All = [Anchor, RunWisp, Deck, BrowserAct];

    /// <summary>
    /// The theory data of every provider-generic test, defined once:
    /// <c>[MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]</c> gives one case per provider
    /// by name (a string, so each case shows by name in the test list).
    /// </summary>
    public static TheoryData<string> Names() => new(All.Select(p => p.Name));

    public static ProviderCase Named(string name) => All.Single(p => p.Name == name);

    /// <summary>The first task of the provider that has runs (what -TaskId takes; RunWisp's always-fails has none).</summary>
    public string FirstTask(EmulatorHost host) => host.Store.TaskIds(Emulator).First(id => host.Store.RunCount(Emulator, id) > 0);

    /// <summary>The ids of a task's runs as the API lists them (newest first): the oracle.</summary>
    public List<string> ExpectedIds(EmulatorHost host, string taskId) => host.Store.Runs(Emulator, taskId).Select(r => r.Id).ToList();

    /// <summary>The run-list requests the emulator saw since its stats were reset, as the page each asked for ("" = first page).</summary>
    public List<string> ListPositions(EmulatorHost host) =>
        host.Stats.For(Emulator).RecentRequests.Where(r => r.Route == ListRoute).Select(r => r.QueryValue(PositionParameter) ?? "").ToList();

    public override string ToString() => Name;
}
