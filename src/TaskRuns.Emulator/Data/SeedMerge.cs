namespace TaskRuns.Emulator.Data;

/// <summary>Merges per-task seeded runs into one list ordered by creation time (stable: ties keep task order).</summary>
internal static class SeedMerge
{
    public static List<TRun> ByCreatedAt<TRun>(IEnumerable<IReadOnlyList<TRun>> perTask) where TRun : StoredRun =>
        perTask.SelectMany(list => list).OrderBy(run => run.CreatedAt).ToList();
}
