using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Providers.Json
{
    /// <summary>The JSON text of an element exactly as the provider sent it, taken on first read (Deck's OutputText).</summary>
    internal sealed class PendingRawJson : PendingValue
    {
        private readonly JsonElement _element;

        public PendingRawJson(JsonElement element) => _element = element;

        public override object? Convert() => _element.GetRawText();
    }
}
