using System;

namespace TaskRuns.Commands
{
    /// <summary>How Wait-TaskRun and Start-TaskRun -Wait wait (defaults: 30 minutes, polling every 5 seconds).</summary>
    internal sealed class WaitOptions
    {
        /// <summary>The defaults of -Timeout and -PollInterval, for both cmdlets.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30), DefaultPollInterval = TimeSpan.FromSeconds(5);

        public TimeSpan Timeout { get; set; } = DefaultTimeout;
        public TimeSpan PollInterval { get; set; } = DefaultPollInterval;
        public bool Any { get; set; }
        public bool IncludeWaitingForInput { get; set; }
        public bool ErrorOnFailure { get; set; }

        public string? Problem() =>
            Timeout <= TimeSpan.Zero ? "-Timeout must be positive."
            : PollInterval < TimeSpan.FromMilliseconds(100) ? "-PollInterval must be at least 100 ms."
            : null;
    }
}
