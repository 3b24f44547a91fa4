namespace TaskRuns.Emulator.Faults;

/// <summary>
/// Paging traps chosen by the fault middleware are parked on the request; the list handler applies
/// them (it alone knows the cursor/total) and records them at that moment.
/// </summary>
internal static class PagingTrap
{
    private const string ItemKey = "TaskRuns.Emulator.PagingTrap";

    public static void Park(HttpContext context, string kind) => context.Items[ItemKey] = kind;

    /// <summary>True (and recorded in stats) if the request carries this trap.</summary>
    public static bool TryApply(HttpContext context, string kind, ProviderStats stats)
    {
        if (context.Items.TryGetValue(ItemKey, out var parked) && parked is string parkedKind && parkedKind == kind)
        {
            context.Items.Remove(ItemKey);
            stats.AddFault(kind);
            return true;
        }

        return false;
    }
}
