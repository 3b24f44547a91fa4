using System.Text.Json;

namespace TaskRuns.Providers.Json
{
    /// <summary>
    /// Free-form JSON (Deck's output, interaction) held as parsed and turned into PowerShell objects only when read:
    /// listing 100,000 runs to filter on Status never builds their output objects. A model property stores either
    /// this or its converted value in one reference, so a read from any thread sees one or the other.
    /// </summary>
    internal sealed class PendingJson
    {
        private readonly JsonElement _element;

        private PendingJson(JsonElement element) => _element = element;

        /// <summary>What to store: null for absent or JSON null, else the pending element.</summary>
        public static object? From(JsonElement? element) =>
            element is JsonElement e && e.ValueKind != JsonValueKind.Null && e.ValueKind != JsonValueKind.Undefined ? new PendingJson(e) : null;

        /// <summary>The stored value, converting a pending element (and remembering the result through <paramref name="slot"/>).</summary>
        public static object? Resolve(ref object? slot) => slot is PendingJson pending ? slot = JsonToPowerShell.Convert(pending._element) : slot;
    }
}
