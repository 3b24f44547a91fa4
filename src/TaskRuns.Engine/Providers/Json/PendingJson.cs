using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Providers.Json
{
    /// <summary>
    /// Free-form JSON (Deck's output, interaction) held as parsed and turned into PowerShell objects only when read
    /// (see <see cref="PendingValue"/>): the model assembly stays free of System.Text.Json.
    /// </summary>
    internal sealed class PendingJson : PendingValue
    {
        private readonly JsonElement _element;

        private PendingJson(JsonElement element) => _element = element;

        /// <summary>What to store: null for absent or JSON null, else the pending element.</summary>
        public static PendingJson? From(JsonElement? element) =>
            element is JsonElement e && e.ValueKind != JsonValueKind.Null && e.ValueKind != JsonValueKind.Undefined ? new PendingJson(e) : null;

        public override object? Convert() => JsonToPowerShell.Convert(_element);
    }
}
