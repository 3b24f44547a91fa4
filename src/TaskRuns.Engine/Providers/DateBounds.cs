using System;

namespace TaskRuns.Providers
{
    /// <summary>
    /// Date arithmetic on -Since/-Until that stays within DateTimeOffset's range: widening an inclusive bound by a
    /// millisecond or rounding it to a whole second must not fail for [datetime]::MinValue or [datetime]::MaxValue.
    /// </summary>
    internal static class DateBounds
    {
        public static DateTimeOffset? Shift(DateTimeOffset? value, long ticks)
        {
            if (value is not DateTimeOffset v) return null;
            long utc = v.UtcTicks;
            if (ticks < 0 && utc < DateTimeOffset.MinValue.UtcTicks - ticks) return DateTimeOffset.MinValue;
            if (ticks > 0 && utc > DateTimeOffset.MaxValue.UtcTicks - ticks) return DateTimeOffset.MaxValue;
            return new DateTimeOffset(utc + ticks, TimeSpan.Zero);
        }

        /// <summary>A bound worth sending to a server: null for none, and for the earliest or latest instant, which excludes nothing.</summary>
        public static DateTimeOffset? Limiting(DateTimeOffset? value) =>
            value is DateTimeOffset v && v != DateTimeOffset.MinValue && v != DateTimeOffset.MaxValue ? v : null;

        /// <summary>
        /// A [datetime] parameter as a point in time: Local and Unspecified mean this computer's time zone, as
        /// everywhere in PowerShell. A value that is out of range once moved to UTC (MinValue east of Greenwich,
        /// MaxValue west of it) becomes the earliest or latest instant.
        /// </summary>
        public static DateTimeOffset FromDateTime(DateTime value)
        {
            try
            {
                return new DateTimeOffset(value);
            }
            catch (ArgumentOutOfRangeException)
            {
                return value.Ticks < DateTime.MaxValue.Ticks / 2 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
            }
        }
    }
}
