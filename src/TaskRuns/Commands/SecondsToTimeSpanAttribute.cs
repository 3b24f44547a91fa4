using System;
using System.Globalization;
using System.Management.Automation;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Lets a TimeSpan parameter take a number of seconds (-TimeoutSec 600) as well as a TimeSpan or "00:10:00";
    /// without it PowerShell would read a bare number as ticks.
    /// </summary>
    internal sealed class SecondsToTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value switch
            {
                int i => TimeSpan.FromSeconds(i),
                long l => TimeSpan.FromSeconds(l),
                double d => TimeSpan.FromSeconds(d),
                decimal m => TimeSpan.FromSeconds((double)m),
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) => TimeSpan.FromSeconds(seconds),
                _ => inputData,
            };
        }
    }
}
