namespace TaskRuns.Emulator.Deck;

/// <summary>One Deck event (<c>evt_…</c>): type <c>task_run.&lt;status&gt;</c> and, as data, the run as it was at that moment.</summary>
internal sealed record DeckEvent(string Id, long Seq, string Type, DateTimeOffset CreatedAt, string RunId, string DataJson);
