namespace TaskRuns.Emulator;

/// <summary>Result of <see cref="EmulatorCommandLine.Parse"/>: options, a help request, or an error message.</summary>
internal sealed record ParsedCommandLine(EmulatorOptions? Options, bool ShowHelp, string? Error);
