namespace TaskRuns.Emulator.BrowserAct;

/// <summary>A BrowserAct workflow (the emulator's "task" for BrowserAct: its runs are BrowserAct tasks).</summary>
internal sealed record BrowserActWorkflow(string Id, string Name, string Description, DateTimeOffset CreateAt, DateTimeOffset PublishAt);
