using System.Collections.Generic;

namespace TaskRuns.Providers
{
    /// <summary>What Start-TaskRun asks for, independent of any wire format.</summary>
    internal sealed class RunStartRequest
    {
        /// <summary>Anchor: the task version to run (draft, latest or a number).</summary>
        public string? Version { get; set; }

        /// <summary>Inputs by name (Anchor ANCHOR_* variables, RunWisp params, Deck input, BrowserAct input_parameters).</summary>
        public IReadOnlyList<KeyValuePair<string, string?>> Inputs { get; set; } = new List<KeyValuePair<string, string?>>();

        /// <summary>Sent as Idempotency-Key where the provider de-duplicates starts (Deck), so a retried POST never starts two runs.</summary>
        public string IdempotencyKey { get; set; } = System.Guid.NewGuid().ToString("N");
    }
}
