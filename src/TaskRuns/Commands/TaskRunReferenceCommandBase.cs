using System;
using System.Collections.Generic;
using System.Management.Automation;
using TaskRuns.Completion;
using TaskRuns.Model;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Cmdlets that act on existing runs (Wait-TaskRun, Stop-TaskRun): runs come from the pipeline (-InputObject: TaskRuns,
    /// deserialized TaskRuns, any object with Provider/Id/TaskId) or are named with -Provider and -Id.
    /// </summary>
    public abstract class TaskRunReferenceCommandBase : TaskRunConnectionCommandBase
    {
        /// <summary>Parameter set of runs from the pipeline.</summary>
        protected const string InputSet = "InputObject";
        /// <summary>Parameter set of runs named by -Provider and -Id.</summary>
        protected const string ByIdSet = "ById";

        /// <summary>The runs: TaskRun objects from Get-TaskRun or Start-TaskRun, or any objects with Provider, Id and TaskId properties (deserialized runs from a job, rows of a CSV file).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>The provider of the runs given by -Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public TaskRunProvider Provider { get; set; }

        /// <summary>Ids of the runs, all of the provider given by -Provider.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RunId", "ExecutionId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The task of the runs given by -Id, where the provider needs it: always for Anchor; on RunWisp 0.4.x daemons it spares a search by id.</summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "WorkflowId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>The runs of the current pipeline input; an input object without Provider and Id is an InvalidInputObject error.</summary>
        protected IEnumerable<TaskRun> CurrentRuns()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in Id!) yield return new TaskRun { Provider = Provider, Id = id, TaskId = TaskId };
                yield break;
            }
            foreach (PSObject item in InputObject!)
            {
                if (RunReference.From(item) is TaskRun run) yield return run;
                else
                    EmitError(ErrorRecordFactory.InvalidInputObject(MyInvocation.MyCommand.Name, item));
            }
        }
    }
}
