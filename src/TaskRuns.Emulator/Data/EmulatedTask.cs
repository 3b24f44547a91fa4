namespace TaskRuns.Emulator;

/// <summary>
/// A task as the emulator serves it. <see cref="Id"/> is what the provider's run-list endpoint takes:
/// Anchor task uuid, RunWisp task name, Deck <c>task_...</c> id, BrowserAct workflow id.
/// </summary>
public sealed record EmulatedTask(string Provider, string Id, string Name);
