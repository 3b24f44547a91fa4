using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Completion;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>
    /// <para type="synopsis">Starts a run of a task and outputs it in its initial state (or, with -Wait, its final state).</para>
    /// </summary>
    /// <parameter name="Timeout">With -Wait: how long to wait in all (a TimeSpan, "00:10:00" or a number of seconds). Default 30 minutes; then a WaitTaskRunTimeout error carries the run's last state.</parameter>
    /// <parameter name="PollInterval">With -Wait: how often the run is polled (a TimeSpan or a number of seconds, at least 100 ms). Default 5 seconds.</parameter>
    /// <parameter name="ErrorOnFailure">With -Wait: writes a TaskRunFailed error, with the run as TargetObject, instead of outputting a run that ends in Failure or Timeout.</parameter>
    /// <parameter name="IncludeWaitingForInput">With -Wait: treats a run that waits for a person (Deck interaction or review, BrowserAct paused) as finished and outputs it.</parameter>
    [Cmdlet(VerbsLifecycle.Start, "TaskRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(TaskRun))]
    public sealed class StartTaskRunCommand : TaskRunConnectionCommandBase, IDynamicParameters
    {
        private readonly WaitParameters _wait = new();
        private WaitReporter? _reporter;

        /// <summary>The provider to talk to: Anchor, RunWisp, Deck or BrowserAct. Binds from the Provider property of piped objects (from Get-TaskRunTask, for example).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get; set; }

        /// <summary>The task to run: Anchor task id, RunWisp task name, Deck task_id or BrowserAct workflow_id (Get-TaskRunTask lists them). Binds from the TaskId property of piped objects.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>The run's inputs by name, as a hashtable; values are sent as text. They become Anchor ANCHOR_* variables (names must start with ANCHOR_), RunWisp params, Deck input or BrowserAct input_parameters.</summary>
        [Parameter(Position = 2)]
        [Alias("Inputs", "Parameters")]
        [ValidateNotNull]
        public IDictionary? Input { get; set; }

        /// <summary>Anchor only: the task version to run: draft, latest or a version number.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        /// <summary>Waits until the run ends and outputs its final state instead of the initial one, exactly as Wait-TaskRun does.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>-Timeout, -PollInterval, -ErrorOnFailure and -IncludeWaitingForInput, shared with Wait-TaskRun; they matter only with -Wait.</summary>
        public WaitParameters GetDynamicParameters() => _wait;

        object IDynamicParameters.GetDynamicParameters() => _wait;

        /// <inheritdoc/>
        protected override Task BeginProcessingAsync()
        {
            if (Wait.IsPresent) _reporter = WaitReporter.Begin(this, Clients, _wait.ToOptions(), run => run);
            return Task.CompletedTask;
        }

        /// <inheritdoc/>
        protected override Task ProcessRecordAsync() => RunForInputAsync(StartAsync, TaskId);

        private async Task StartAsync()
        {
            var request = new RunStartRequest { Version = Version, Inputs = InputsOf(Input) };
            if (Version != null && Provider != TaskRunProvider.Anchor)
                throw new TaskRunInputException(Provider, "UnsupportedParameter", "-Version is an Anchor parameter.", Version);
            if (!await ShouldProcessAsync($"{Provider} task {TaskId}", "Start a run").ConfigureAwait(false)) return;

            TaskRun run = await ProviderRegistry.Get(Provider).StartRunAsync(Clients.ClientFor(Provider), TaskId!, request, StopToken).ConfigureAwait(false);
            EmitVerbose($"{Provider}: started run {run.Id} of {TaskId} ({run.ProviderStatus}).");
            if (_reporter is null)
            {
                Emit(run);
                return;
            }
            await _reporter.WaitAsync(new[] { run }).ConfigureAwait(false);
        }

        private static IReadOnlyList<KeyValuePair<string, string?>> InputsOf(IDictionary? input)
        {
            var inputs = new List<KeyValuePair<string, string?>>();
            if (input is null) return inputs;
            foreach (DictionaryEntry entry in input)
            {
                object? value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                inputs.Add(new KeyValuePair<string, string?>(
                    Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty,
                    value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture)));
            }
            return inputs;
        }
    }
}
