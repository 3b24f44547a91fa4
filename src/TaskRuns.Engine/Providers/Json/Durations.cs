using System;

namespace TaskRuns.Providers.Json
{
    /// <summary>Durations from the numbers providers send, which may be negative, absurd or beyond what TimeSpan holds.</summary>
    internal static class Durations
    {
        // TimeSpan.FromMilliseconds throws OverflowException from about 922,337,203,685,477 ms (29,000 years) up.
        private const double MaxMilliseconds = 922_337_203_685_000;

        /// <summary>The duration, or null when the value is missing, negative, not a number or too large to be one.</summary>
        public static TimeSpan? FromMilliseconds(double? milliseconds) =>
            milliseconds is double ms && ms >= 0 && ms <= MaxMilliseconds ? TimeSpan.FromMilliseconds(ms) : null;
    }
}
