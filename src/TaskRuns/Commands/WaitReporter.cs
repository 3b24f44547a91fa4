using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using TaskRuns.Connections;
using TaskRuns.Model;
using TaskRuns.Waiting;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Waits for runs and reports as Wait-TaskRun documents, for Wait-TaskRun and Start-TaskRun -Wait alike: the wait
    /// parameters are checked once, the same way (<see cref="Begin"/>); each run is output as it ends (or a TaskRunFailed
    /// error with -ErrorOnFailure), runs waiting for a person are warned about once, and each run still unfinished at the
    /// timeout is a WaitTaskRunTimeout error whose TargetObject is its last known state.
    /// </summary>
    internal sealed class WaitReporter
    {
        private readonly AsyncPSCmdlet _command;
        private readonly ProviderClients _clients;
        private readonly WaitOptions _options;
        private readonly Func<TaskRun, object> _targetOf;
        // A new record each time: the queued WriteProgress runs later on the pipeline thread, and hosts keep the record
        // they are given, so one shared, mutated instance would show every update as the last one.
        private string _status = "Waiting";
        private int _percent;

        private WaitReporter(AsyncPSCmdlet command, ProviderClients clients, WaitOptions options, Func<TaskRun, object> targetOf)
        {
            _command = command;
            _clients = clients;
            _options = options;
            _targetOf = targetOf;
        }

        /// <summary>
        /// The reporter of a command's wait, from its BeginProcessing. Wait parameters that cannot work end the command at
        /// once with a terminating InvalidWaitParameter error, before anything is started or waited for. targetOf gives the
        /// TargetObject of an error about a run: the object the user gave for it.
        /// </summary>
        public static WaitReporter Begin(AsyncPSCmdlet command, ProviderClients clients, WaitOptions options, Func<TaskRun, object> targetOf)
        {
            if (options.Problem() is string problem) command.EmitTerminatingError(ErrorRecordFactory.InvalidWaitParameter(problem));
            return new WaitReporter(command, clients, options, targetOf);
        }

        public async Task WaitAsync(IReadOnlyList<TaskRun> runs)
        {
            if (runs.Count == 0) return;
            (_status, _percent) = ("Waiting", 0); // Start-TaskRun -Wait waits once per piped task with one reporter
            var waiter = new RunWaiter(_clients.ClientFor, _options.PollInterval, _options.IncludeWaitingForInput, _clients.Log)
            {
                Finished = Finished,
                WaitingForInput = (run, what) => _command.EmitWarning($"{run.Provider} run {run.Id} is waiting for a person ({what})." +
                    (_options.IncludeWaitingForInput ? "" : " It is not counted as finished; pass -IncludeWaitingForInput to return it.")),
                Failed = (run, e) => _command.EmitError(ErrorRecordFactory.From(e, _targetOf(run))),
                Progress = (done, total, elapsed) =>
                {
                    _status = $"{done} of {total} run(s) finished, {elapsed:hh\\:mm\\:ss} elapsed";
                    _percent = total == 0 ? 100 : done * 100 / total;
                    _command.EmitProgress(Progress(ProgressRecordType.Processing));
                },
            };
            IReadOnlyList<TaskRun> unfinished = await waiter.WaitAsync(runs, _options.Timeout, _options.Any, _command.StopToken).ConfigureAwait(false);
            _command.EmitProgress(Progress(ProgressRecordType.Completed));
            foreach (TaskRun run in unfinished) _command.EmitError(ErrorRecordFactory.WaitTimedOut(run, _options.Timeout));
        }

        private void Finished(TaskRun run)
        {
            if (_options.ErrorOnFailure && (run.Status == TaskRunStatus.Failure || run.Status == TaskRunStatus.Timeout))
                _command.EmitError(ErrorRecordFactory.RunFailed(run));
            else
                _command.Emit(run);
        }

        private ProgressRecord Progress(ProgressRecordType type) =>
            new(2, "Wait-TaskRun", _status) { PercentComplete = _percent, RecordType = type };
    }
}
