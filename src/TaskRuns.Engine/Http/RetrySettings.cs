using System;
using System.Globalization;

namespace TaskRuns.Http
{
    /// <summary>
    /// How hard to try. Defaults: 5 retries, exponential backoff from 1 s with jitter, no single wait over 30 s
    /// (also caps Retry-After), 100 s per attempt, 10 minutes for one request with all its retries.
    /// TASKRUNS_RETRY_BASE_DELAY_MS and TASKRUNS_ATTEMPT_TIMEOUT_MS override the delay and the per-attempt timeout (tests use them).
    /// </summary>
    internal sealed class RetrySettings
    {
        public int MaxRetries { get; set; } = 5;
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);
        public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

        public static RetrySettings FromEnvironment(int? maxRetries = null)
        {
            var settings = new RetrySettings();
            if (ReadMilliseconds("TASKRUNS_RETRY_BASE_DELAY_MS") is TimeSpan delay) settings.BaseDelay = delay;
            if (ReadMilliseconds("TASKRUNS_ATTEMPT_TIMEOUT_MS") is TimeSpan attempt) settings.AttemptTimeout = attempt;
            if (maxRetries is int retries) settings.MaxRetries = retries;
            return settings;
        }

        private static TimeSpan? ReadMilliseconds(string variable)
        {
            string? text = Environment.GetEnvironmentVariable(variable);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ms) && ms >= 0
                ? TimeSpan.FromMilliseconds(ms)
                : null;
        }
    }
}
