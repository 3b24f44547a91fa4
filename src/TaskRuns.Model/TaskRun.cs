using System;
using System.Globalization;

namespace TaskRuns.Model
{
    /// <summary>
    /// One run (execution) of a task on any provider. Provider-specific subclasses carry the provider's other fields.
    /// </summary>
    /// <remarks>
    /// The common properties are virtual and every subclass overrides them first, in this order, before declaring its own:
    /// PowerShell (Format-List *, Select-Object *, Export-Csv) and ConvertTo-Json list a type's properties in reflection
    /// order, which puts the properties a class declares before those it inherits. Overriding them makes Provider, Id,
    /// TaskId, Status … come first for every run type (a unit test checks every subclass).
    /// </remarks>
    public class TaskRun
    {
        /// <summary>The provider that owns this run.</summary>
        public virtual TaskRunProvider Provider { get; set; }

        /// <summary>The run's id, exactly as the provider spells it.</summary>
        public virtual string Id { get; set; } = string.Empty;

        /// <summary>The provider's task key: Anchor task id, RunWisp task name, Deck task_id, BrowserAct workflow_id.</summary>
        public virtual string? TaskId { get; set; }

        /// <summary>The normalised status.</summary>
        public virtual TaskRunStatus Status { get; set; }

        /// <summary>The provider's raw status value (for RunWisp: status/end_reason; for Deck: status/result when completed).</summary>
        public virtual string ProviderStatus { get; set; } = string.Empty;

        /// <summary>True when the run has ended and will not change again.</summary>
        public virtual bool IsTerminal { get; set; }

        /// <summary>When the run was created (or, where the provider does not say, started).</summary>
        public virtual DateTimeOffset? CreatedAt { get; set; }

        /// <summary>When the run started executing.</summary>
        public virtual DateTimeOffset? StartedAt { get; set; }

        /// <summary>When the run ended.</summary>
        public virtual DateTimeOffset? EndedAt { get; set; }

        /// <summary>
        /// How long the run took (or has taken so far, where the provider reports it), as text: the TimeSpan's invariant form
        /// [d.]hh:mm:ss[.fffffff], e.g. 00:01:23.5000000. In PowerShell, Duration is the TimeSpan itself: the module's
        /// TaskRuns.Types.ps1xml gives every run a hidden Duration member returning <see cref="Elapsed"/>, so Sort-Object,
        /// comparisons, arithmetic and the views work on a TimeSpan, while ConvertTo-Json, which reads .NET properties, writes
        /// this text instead of dumping the TimeSpan's ticks, days, hours … (about_TaskRuns, "Duration and JSON").
        /// </summary>
        public virtual string? Duration => Elapsed?.ToString("c", CultureInfo.InvariantCulture);

        /// <summary>How long the run took, as a TimeSpan: what PowerShell shows as Duration.</summary>
        internal TimeSpan? Elapsed { get; set; }

        /// <summary>
        /// The run's output, parsed: when the output is a JSON object or array (Deck's JSON output, or Anchor's and BrowserAct's
        /// text holding JSON), the objects ConvertFrom-Json would give (PSCustomObjects, arrays, scalars), so $run.Output.ok works
        /// for every provider; any other output is its text. Built on first read. The text as sent is in <see cref="OutputText"/>.
        /// </summary>
        public virtual object? Output { get => PendingValue.Resolve(ref _output); set => _output = value; }

        /// <summary>
        /// The run's output as text, exactly as the provider sent it: Anchor's and BrowserAct's output string, Deck's output JSON
        /// (a JSON string's value unquoted). Null when the run has no output.
        /// </summary>
        public virtual string? OutputText { get => (string?)PendingValue.Resolve(ref _outputText); set => _outputText = value; }

        private object? _output;
        private object? _outputText;

        /// <summary>Sets the output and its text, either of them possibly a value converted on first read.</summary>
        internal void SetOutput(object? output, object? outputText)
        {
            _output = output;
            _outputText = outputText;
        }

        /// <summary>Why the run failed, when it did.</summary>
        public virtual string? ErrorMessage { get; set; }

        /// <summary>Short text for logs: provider, task, id and status.</summary>
        public override string ToString() => $"{Provider} run {Id} ({Status})";

        internal static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
