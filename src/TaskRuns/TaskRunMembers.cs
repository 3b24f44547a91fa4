using System;
using System.Management.Automation;
using TaskRuns.Model;

namespace TaskRuns
{
    /// <summary>
    /// The code behind the members TaskRuns.Types.ps1xml adds to every TaskRun. Duration is hidden and shadows the .NET property of
    /// the same name: in PowerShell ($run.Duration, Sort-Object, Where-Object, the views, Select-Object, Export-Clixml) it is a
    /// TimeSpan, while ConvertTo-Json, which reads .NET properties, writes TaskRun.Duration's text ("00:01:23.5000000") instead of
    /// dumping the TimeSpan's fifteen fields. Hidden, it keeps the property's place in Format-List * and Export-Csv.
    /// </summary>
    public static class TaskRunMembers
    {
        /// <summary>The run's duration as a TimeSpan (null when the provider does not say).</summary>
        public static TimeSpan? GetDuration(PSObject run) => run?.BaseObject is TaskRun taskRun ? taskRun.Elapsed : null;
    }
}
