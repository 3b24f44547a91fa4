namespace TaskRuns.Model
{
    /// <summary>One error of a failed Deck run.</summary>
    public sealed class DeckRunError
    {
        /// <summary>Error category (source, auth, task, rate_limit…).</summary>
        public string? Type { get; set; }
        /// <summary>Machine-readable code.</summary>
        public string? Code { get; set; }
        /// <summary>Human-readable message.</summary>
        public string? Message { get; set; }
        /// <summary>The input field at fault, when there is one.</summary>
        public string? Field { get; set; }

        /// <summary>"code: message".</summary>
        public override string ToString() => string.IsNullOrEmpty(Code) ? Message ?? string.Empty : $"{Code}: {Message}";
    }
}
