using System.Text;

namespace TaskRuns.Providers
{
    /// <summary>Log text made safe to print: control characters (ESC of ANSI sequences, BEL, backspace, CR…) become visible symbols.</summary>
    internal static class LogText
    {
        /// <summary>C0 controls and DEL as their Unicode control pictures (ESC → ␛, U+241B); tab is kept; nothing else changes.</summary>
        public static string Visible(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            int i = 0;
            while (i < text!.Length && !IsControl(text[i])) i++;
            if (i == text.Length) return text;
            var safe = new StringBuilder(text.Length + 8);
            safe.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (!IsControl(c)) safe.Append(c);
                else if (c == '\u007f') safe.Append('\u2421');
                else if (c >= '\u0080') safe.Append('\uFFFD'); // C1 controls (CSI U+009B…)
                else safe.Append((char)(0x2400 + c));
            }
            return safe.ToString();
        }

        private static bool IsControl(char c) => (c < ' ' && c != '\t') || c == '\u007f' || (c >= '\u0080' && c <= '\u009f');
    }
}
