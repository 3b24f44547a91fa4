using System;
using System.Collections.Generic;
using System.Management.Automation;
using TaskRuns.Completion;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Cmdlets that act on existing runs (Wait-TaskRun, Stop-TaskRun): runs come from the pipeline (-InputObject: TaskRuns,
    /// deserialized TaskRuns, any object with Provider/Id/TaskId) or are named with -Provider and -Id. -Id and -TaskId do not
    /// bind from the pipeline, so a piped object always binds whole to -InputObject and errors name the object itself.
    /// </summary>
    public abstract class TaskRunReferenceCommandBase : TaskRunConnectionCommandBase
    {
        /// <summary>Parameter set of runs from the pipeline.</summary>
        protected const string InputSet = "InputObject";
        /// <summary>Parameter set of runs named by -Provider and -Id.</summary>
        protected const string ByIdSet = "ById";

        /// <summary>
        /// The runs: TaskRun objects from Get-TaskRun or Start-TaskRun, or any objects with Provider, Id and TaskId properties (deserialized
        /// runs from a job, rows of a CSV file). Pipe them or name the parameter; it has no position, so the first positional value is -Provider
        /// (Wait-TaskRun Deck $id). An error about one of them has the object as given as its TargetObject.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get; set; }

        /// <summary>Ids of the runs, one or several, all of the provider given by -Provider. Tab completes the newest run ids once -Provider (and for Anchor -TaskId) is given.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RunIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs given by -Id, where the provider needs it: always for Anchor; on RunWisp 0.4.x daemons it spares a search by id.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        private readonly Dictionary<string, object> _inputs = new(StringComparer.Ordinal);

        /// <summary>The runs of the current pipeline input; an input object without Provider and Id is an InvalidInputObject error.</summary>
        protected IEnumerable<TaskRun> CurrentRuns()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in Id!) yield return Remember(new TaskRun { Provider = Provider, Id = id, TaskId = TaskId }, null);
                yield break;
            }
            foreach (PSObject item in InputObject!)
            {
                if (RunReference.From(item) is TaskRun run) yield return Remember(run, item.BaseObject is PSCustomObject ? item : item.BaseObject);
                else
                    EmitError(ErrorRecordFactory.InvalidInputObject(MyInvocation.MyCommand.Name, item));
            }
        }

        /// <summary>The object the user gave for a run (the piped object; for -Id the reference run naming it): the TargetObject of errors about it.</summary>
        internal object InputFor(TaskRun run)
        {
            lock (_inputs) return _inputs.TryGetValue(Key(run), out object? input) ? input : run;
        }

        private TaskRun Remember(TaskRun run, object? input)
        {
            lock (_inputs) _inputs[Key(run)] = input ?? run;
            return run;
        }

        private static string Key(TaskRun run) => run.Provider + "/" + run.Id;
    }
}
