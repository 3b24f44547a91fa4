using System;
using System.Management.Automation;

namespace TaskRuns.Commands
{
    /// <summary>
    /// The wait parameters of Wait-TaskRun and Start-TaskRun (-Timeout, -PollInterval, -ErrorOnFailure,
    /// -IncludeWaitingForInput), declared once. PowerShell composes a cmdlet's static parameters only by single
    /// inheritance and the two cmdlets have different bases, so each returns its instance from
    /// <see cref="IDynamicParameters.GetDynamicParameters"/> (always, whatever else is bound): PowerShell then binds,
    /// validates, completes and lists these properties as it does the cmdlet's own. Each cmdlet declares the method with
    /// this type as its return type, which is how the help generator finds them; the help text here is Wait-TaskRun's, and
    /// Start-TaskRun words them its own way with &lt;parameter&gt; elements in its class doc.
    /// </summary>
    public sealed class WaitParameters
    {
        /// <summary>
        /// How long to wait in all: a TimeSpan, a string such as "00:10:00", or a number of seconds. Default 30 minutes. Each run still
        /// unfinished then is a WaitTaskRunTimeout error whose TargetObject is the run's last known state.
        /// </summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "30 minutes")]
        public TimeSpan Timeout { get; set; } = WaitOptions.DefaultTimeout;

        /// <summary>How often each run is polled: a TimeSpan or a number of seconds, at least 100 ms. Default 5 seconds. RunWisp runs are also updated from the daemon's event stream as they change.</summary>
        [Parameter]
        [SecondsToTimeSpan]
        [PSDefaultValue(Help = "5 seconds")]
        public TimeSpan PollInterval { get; set; } = WaitOptions.DefaultPollInterval;

        /// <summary>Treats a run that waits for a person (Deck interaction_required or review_required, BrowserAct paused) as finished and outputs it. Without it such a run is warned about once and waited on further.</summary>
        [Parameter]
        public SwitchParameter IncludeWaitingForInput { get; set; }

        /// <summary>Writes a TaskRunFailed error, with the run as TargetObject, instead of outputting a run that ends in Failure or Timeout.</summary>
        [Parameter]
        public SwitchParameter ErrorOnFailure { get; set; }

        /// <summary>How the wait runs with these parameters; <paramref name="any"/> is Wait-TaskRun's -Any.</summary>
        internal WaitOptions ToOptions(bool any = false) => new()
        {
            Timeout = Timeout,
            PollInterval = PollInterval,
            Any = any,
            IncludeWaitingForInput = IncludeWaitingForInput.IsPresent,
            ErrorOnFailure = ErrorOnFailure.IsPresent,
        };
    }
}
