namespace TaskRuns.Emulator;

/// <summary>
/// A task as the emulator serves it. <see cref="Id"/> is what the provider's run-list endpoint takes:
/// Anchor task uuid, RunWisp task name, Deck <c>task_...</c> id, BrowserAct workflow id.
/// </summary>
public sealed record EmulatedTask(string Provider, string Id, string Name)
{
    /// <summary>
    /// Deck: the workflow the task's runs belong to (the <c>workflow_id</c> list filter). The seed's run and task
    /// shapes do not carry it, so this is the only way for a test to learn a real value. Null for other providers.
    /// </summary>
    public string? WorkflowId { get; init; }
}
