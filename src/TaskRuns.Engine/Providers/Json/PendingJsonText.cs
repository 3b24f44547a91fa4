using System;
using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Providers.Json
{
    /// <summary>
    /// Text that looks like a JSON object or array, parsed into PowerShell objects on first read (see <see cref="RunOutput"/>);
    /// text that does not parse after all stays the text.
    /// </summary>
    internal sealed class PendingJsonText : PendingValue
    {
        private readonly string _text;

        public PendingJsonText(string text) => _text = text;

        /// <summary>True when the text, without surrounding white space, starts with { and ends with }, or [ and ].</summary>
        public static bool LooksLikeContainer(string? text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            string t = text!.Trim();
            return t.Length >= 2 && ((t[0] == '{' && t[t.Length - 1] == '}') || (t[0] == '[' && t[t.Length - 1] == ']'));
        }

        public override object? Convert()
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(_text);
                return JsonToPowerShell.Convert(document.RootElement);
            }
            catch (JsonException)
            {
                return _text;
            }
            catch (ArgumentException)
            {
                return _text;
            }
        }
    }
}
