namespace TaskRuns.Emulator.Deck;

/// <summary>One entry of a Deck <c>errors</c> array (API errors and failed runs share the shape).</summary>
internal sealed record DeckRunError(string Type, string Code, string Message, string? Field = null);
