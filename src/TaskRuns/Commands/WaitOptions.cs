using System;

namespace TaskRuns.Commands
{
    /// <summary>How Wait-TaskRun and Start-TaskRun -Wait wait (defaults: 30 minutes, polling every 5 seconds).</summary>
    internal sealed class WaitOptions
    {
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
        public bool Any { get; set; }
        public bool IncludeWaitingForInput { get; set; }
        public bool ErrorOnFailure { get; set; }

        public string? Problem() =>
            Timeout <= TimeSpan.Zero ? "-Timeout must be positive."
            : PollInterval < TimeSpan.FromMilliseconds(100) ? "-PollInterval must be at least 100 ms."
            : null;
    }
}
