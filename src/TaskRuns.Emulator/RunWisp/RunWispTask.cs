namespace TaskRuns.Emulator.RunWisp;

/// <summary>A RunWisp task (named; the name is its key). <see cref="AlwaysFails"/>: every triggered run fails.</summary>
internal sealed record RunWispTask(string Name, string Description, string Cron, string Group, bool AlwaysFails);
