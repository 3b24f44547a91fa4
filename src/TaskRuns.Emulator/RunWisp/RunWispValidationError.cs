namespace TaskRuns.Emulator.RunWisp;

/// <summary>One entry of a huma 422 problem's <c>errors</c> (message, location such as "query.limit", value).</summary>
internal sealed record RunWispValidationError(string Message, string Location, object? Value);
