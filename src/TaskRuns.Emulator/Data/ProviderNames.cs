namespace TaskRuns.Emulator.Data;

/// <summary>The provider names used in stats, forced faults and the store.</summary>
internal static class ProviderNames
{
    public const string Anchor = "anchor";
    public const string RunWisp = "runwisp";
    public const string Deck = "deck";
    public const string BrowserAct = "browseract";

    public static readonly IReadOnlyList<string> All = [Anchor, RunWisp, Deck, BrowserAct];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name);
}
