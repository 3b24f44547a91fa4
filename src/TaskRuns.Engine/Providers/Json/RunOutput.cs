using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Providers.Json
{
    /// <summary>
    /// One rule for every provider's output (about_TaskRuns, "Output"): TaskRun.Output is the parsed value when the output is
    /// a JSON object or array, whether the provider sends JSON (Deck) or text that holds JSON (Anchor, BrowserAct), and the
    /// text otherwise; TaskRun.OutputText keeps the text as sent. Both are built on first read (listing many runs to filter
    /// on Status never parses an output). Only objects and arrays are parsed out of text: a text output such as "42", "true"
    /// or "null" stays the text the task wrote, rather than turning into a number, a Boolean or nothing.
    /// </summary>
    internal static class RunOutput
    {
        /// <summary>An output that arrived as text (Anchor's output, BrowserAct's output.string).</summary>
        public static void SetFromText(TaskRun run, string? text) =>
            run.SetOutput(PendingJsonText.LooksLikeContainer(text) ? new PendingJsonText(text!) : text, text);

        /// <summary>An output that arrived as JSON (Deck's output): a JSON string is text like the others' output.</summary>
        public static void SetFromJson(TaskRun run, JsonElement? element)
        {
            if (element is not JsonElement e || e.ValueKind == JsonValueKind.Null || e.ValueKind == JsonValueKind.Undefined)
            {
                run.SetOutput(null, null);
                return;
            }
            if (e.ValueKind == JsonValueKind.String)
            {
                SetFromText(run, JsonToPowerShell.Convert(e) as string);
                return;
            }
            run.SetOutput(PendingJson.From(e), new PendingRawJson(e));
        }
    }
}
