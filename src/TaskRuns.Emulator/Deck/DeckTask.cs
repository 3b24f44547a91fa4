namespace TaskRuns.Emulator.Deck;

/// <summary>A Deck task (<c>task_...</c>); its runs carry its agent and workflow.</summary>
internal sealed record DeckTask(string Id, string Name, string Description, string AgentId, string WorkflowId, DateTimeOffset CreatedAt);
