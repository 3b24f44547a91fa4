using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;

namespace TaskRuns.Commands
{
    /// <summary>
    /// Runs each pipeline step's work on the thread pool and pumps every Write* back onto the pipeline thread
    /// (PowerShell allows Write* only there). Ctrl+C (StopProcessing) cancels the token that flows into every request
    /// and delay, so the command stops at once. The queue is bounded, so a slow pipeline slows the producer instead of
    /// buffering every run. <see cref="RunForInputAsync"/> is the error policy of every TaskRuns cmdlet.
    /// </summary>
    public abstract class AsyncPSCmdlet : PSCmdlet, IDisposable
    {
        private const int QueueCapacity = 512;
        private const int BatchesInFlight = 4;
        private readonly SemaphoreSlim _batchSlots = new(BatchesInFlight);
        private readonly CancellationTokenSource _stopping = new();
        private BlockingCollection<Action>? _queue;

        /// <summary>Cancelled when the pipeline is stopped.</summary>
        protected internal CancellationToken StopToken => _stopping.Token;

        /// <summary>Work for BeginProcessing.</summary>
        protected virtual Task BeginProcessingAsync() => Task.CompletedTask;
        /// <summary>Work for each pipeline input.</summary>
        protected virtual Task ProcessRecordAsync() => Task.CompletedTask;
        /// <summary>Work for EndProcessing.</summary>
        protected virtual Task EndProcessingAsync() => Task.CompletedTask;

        /// <summary>The runspace this command runs in (captured on the pipeline thread; background work has no default runspace).</summary>
        protected Guid RunspaceId { get; private set; }

        /// <inheritdoc/>
        protected sealed override void BeginProcessing()
        {
            RunspaceId = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
            Pump(BeginProcessingAsync);
        }
        /// <inheritdoc/>
        protected sealed override void ProcessRecord() => Pump(ProcessRecordAsync);
        /// <inheritdoc/>
        protected sealed override void EndProcessing() => Pump(EndProcessingAsync);
        /// <inheritdoc/>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Queues WriteObject for the pipeline thread.</summary>
        protected internal void Emit(object? value) => Enqueue(() => WriteObject(value));
        /// <summary>
        /// Queues WriteObject for each item as one hand-over to the pipeline thread (a page of runs costs one wake-up,
        /// not one per run). At most <see cref="BatchesInFlight"/> batches wait, so a slow pipeline still slows the producer.
        /// <paramref name="written"/> is called (on the pipeline thread) once every item has been written — not when the
        /// pipeline stopped part-way — and at once for no items.
        /// </summary>
        protected internal void EmitEach(System.Collections.Generic.IReadOnlyList<object> items, Action? written = null)
        {
            if (items.Count == 0)
            {
                written?.Invoke();
                return;
            }
            if (_queue is null)
            {
                foreach (object item in items) WriteObject(item);
                written?.Invoke();
                return;
            }
            _batchSlots.Wait(_stopping.Token);
            try
            {
                // A slot freed by a write that stopped the pipeline comes with the cancellation: hand nothing more over.
                _stopping.Token.ThrowIfCancellationRequested();
                Enqueue(() =>
                {
                    try
                    {
                        foreach (object item in items) WriteObject(item);
                        written?.Invoke();
                    }
                    catch
                    {
                        // Downstream stopped the pipeline part-way (Select -First, break, a terminating error): cancel
                        // the producer before the slot frees, or it could hand over one more page and start one more
                        // request in the moment before Pump cancels it.
                        _stopping.Cancel();
                        throw;
                    }
                    finally { _batchSlots.Release(); }
                });
            }
            catch
            {
                _batchSlots.Release();
                throw;
            }
        }

        /// <summary>Queues WriteError.</summary>
        protected internal void EmitError(ErrorRecord record) => Enqueue(() => WriteError(record));
        /// <summary>Queues WriteWarning.</summary>
        protected internal void EmitWarning(string text) => Enqueue(() => WriteWarning(text));
        /// <summary>Queues WriteVerbose.</summary>
        protected internal void EmitVerbose(string text) => Enqueue(() => WriteVerbose(text));
        /// <summary>Queues WriteProgress.</summary>
        protected internal void EmitProgress(ProgressRecord record) => Enqueue(() => WriteProgress(record));

        private ICommandLog? _log;

        /// <summary>Verbose and warning text from background work, forwarded to the pipeline thread.</summary>
        internal ICommandLog Log => _log ??= new CommandLog(this);

        /// <summary>
        /// Runs the work for one input; expected failures become ErrorRecords with the input as target: one failed input
        /// is a non-terminating error, a credential or transport problem (nothing further can succeed) ends the command.
        /// </summary>
        protected async Task RunForInputAsync(Func<Task> work, object? target)
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e) when (ErrorRecordFactory.IsExpected(e) && !ErrorRecordFactory.StopsCommand(e))
            {
                EmitError(ErrorRecordFactory.From(e, target));
            }
            catch (Exception e) when (ErrorRecordFactory.IsExpected(e))
            {
                EmitTerminatingError(ErrorRecordFactory.From(e, target));
            }
        }

        /// <summary>Queues ThrowTerminatingError: the command ends once the pipeline thread reaches it.</summary>
        protected internal void EmitTerminatingError(ErrorRecord record) => Enqueue(() => ThrowTerminatingError(record));

        /// <summary>Asks ShouldProcess on the pipeline thread (it may prompt) and returns the answer to the background work.</summary>
        protected Task<bool> ShouldProcessAsync(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Enqueue(() =>
            {
                try { answer.SetResult(ShouldProcess(target, action)); }
                catch (Exception e) { answer.SetException(e); throw; }
            });
            return answer.Task;
        }

        /// <summary>Queues any action that must run on the pipeline thread.</summary>
        protected internal void Enqueue(Action action)
        {
            BlockingCollection<Action>? queue = _queue;
            if (queue is null)
            {
                action();
                return;
            }
            queue.Add(action, _stopping.Token);
        }

        private void Pump(Func<Task> work)
        {
            using var queue = new BlockingCollection<Action>(QueueCapacity);
            _queue = queue;
            Task running = Task.Run(async () =>
            {
                try { await work().ConfigureAwait(false); }
                finally { queue.CompleteAdding(); }
            });
            try
            {
                foreach (Action action in queue.GetConsumingEnumerable()) action();
            }
            catch
            {
                // Downstream stopped us (-First satisfied, pipeline stopped, terminating error): end the background work first.
                _stopping.Cancel();
                try { running.Wait(); } catch (AggregateException) { }
                throw;
            }
            finally
            {
                _queue = null;
            }

            try
            {
                running.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private sealed class CommandLog : ICommandLog
        {
            private readonly AsyncPSCmdlet _command;
            public CommandLog(AsyncPSCmdlet command) => _command = command;
            public void Verbose(string message) => _command.EmitVerbose(message);
            public void Warning(string message) => _command.EmitWarning(message);
        }

        /// <summary>Releases the cancellation source.</summary>
        public void Dispose()
        {
            _stopping.Dispose();
            _batchSlots.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
