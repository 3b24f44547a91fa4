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

        /// <summary>Writes the inputs as one JSON object property of string (or null) values: RunWisp's params, Deck's input.</summary>
        public void WriteInputsObject(System.Text.Json.Utf8JsonWriter writer, string propertyName)
        {
            writer.WriteStartObject(propertyName);
            foreach (var input in Inputs)
            {
                if (input.Value is null) writer.WriteNull(input.Key);
                else writer.WriteString(input.Key, input.Value);
            }
            writer.WriteEndObject();
        }

        /// <summary>Sent as Idempotency-Key where the provider de-duplicates starts (Deck), so a retried POST never starts two runs.</summary>
        public string IdempotencyKey { get; set; } = System.Guid.NewGuid().ToString("N");
    }
}
