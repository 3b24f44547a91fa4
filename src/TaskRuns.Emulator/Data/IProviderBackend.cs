namespace TaskRuns.Emulator.Data;

/// <summary>What the shared plumbing (store, ticker, faults) needs from each provider.</summary>
internal interface IProviderBackend
{
    /// <summary>"anchor", "runwisp", "deck" or "browseract".</summary>
    string Name { get; }

    /// <summary>Moves triggered runs along their timeline (called by the ticker and before requests).</summary>
    void AdvanceTriggeredRuns(DateTimeOffset now);

    IReadOnlyList<EmulatedTask> Tasks();

    /// <summary>Creates a run in the next task (round-robin) with default inputs, as the trigger route would.</summary>
    void SpawnRun();

    int RunCount(string? taskKey);

    /// <summary>Runs, newest first (the API's default order).</summary>
    IReadOnlyList<EmulatedRun> ListRuns(string? taskKey);

    EmulatedRun? FindRun(string runId);

    /// <summary>Writes an error response in the provider's own error shape (used by injected faults).</summary>
    Task WriteErrorAsync(HttpContext context, int statusCode, string message);
}
