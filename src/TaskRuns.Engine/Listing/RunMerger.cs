using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Model;

namespace TaskRuns.Listing
{
    /// <summary>One input of a <see cref="RunMerger"/>: a stream of run batches, each newest first, opened with the merger's token.</summary>
    internal sealed class RunStream
    {
        public RunStream(TaskRunProvider provider, string name, Func<CancellationToken, IAsyncEnumerable<RunBatch>> open)
        {
            Provider = provider;
            Name = name;
            Open = open;
        }

        public TaskRunProvider Provider { get; }

        /// <summary>For messages: "Deck", "Anchor task 3c90…".</summary>
        public string Name { get; }

        public Func<CancellationToken, IAsyncEnumerable<RunBatch>> Open { get; }
    }

    /// <summary>
    /// A streaming k-way merge on <see cref="TaskRun.CreatedAt"/>, newest first, over streams that are each newest first.
    /// Knows no provider. Every stream is read concurrently; each holds at most the batch being merged and the one being
    /// fetched, so memory stays flat. A run is handed out once every live stream has shown its next run, so the order is
    /// exact; -Skip/-First apply to the merged order and, once met, every stream is cancelled (no further page is fetched).
    /// A stream's batch is reported taken (<see cref="RunBatch.Taken"/>) only when the merged batch holding its last run
    /// is: a stream the merge holds back does not ramp its paging up.
    /// A stream that fails either ends the merge (no <see cref="StreamFailed"/>) or is reported and dropped while the
    /// others finish.
    /// </summary>
    internal sealed class RunMerger
    {
        private const int MaxBatch = 500;
        private readonly IReadOnlyList<RunStream> _streams;

        public RunMerger(IReadOnlyList<RunStream> streams) => _streams = streams;

        /// <summary>Called (on the merging thread) for a stream that failed; the merge goes on without it. Null: a failure ends the merge.</summary>
        public Action<RunStream, Exception>? StreamFailed { get; set; }

        /// <summary>Called once per stream whose runs were not newest first (the merged order is then only as good as that stream's).</summary>
        public Action<RunStream>? OutOfOrder { get; set; }

        public async IAsyncEnumerable<RunBatch> MergeAsync(ulong skip, ulong first, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (first == 0) yield break;
            if (_streams.Count == 1)
            {
                // Nothing to merge: the stream's own batches, so its back-pressure reaches the consumer unchanged.
                await foreach (RunBatch batch in Windowed(_streams[0], skip, first, cancellationToken).ConfigureAwait(false)) yield return batch;
                yield break;
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var cursors = new List<Cursor>(_streams.Count);
            try
            {
                foreach (RunStream stream in _streams) cursors.Add(new Cursor(stream, stream.Open(stop.Token).GetAsyncEnumerator(stop.Token)));
                ulong seen = 0, taken = 0;
                var output = new MergedOutput();
                while (true)
                {
                    foreach (Cursor cursor in cursors)
                    {
                        while (!cursor.Done && !cursor.HasRun)
                        {
                            // Hand over what is merged at each page boundary: the consumer's pace holds the streams back.
                            if (output.Runs.Count > 0) yield return output.Flush();
                            await Advance(cursor).ConfigureAwait(false);
                        }
                    }

                    Cursor? best = null;
                    foreach (Cursor cursor in cursors)
                        if (!cursor.Done && (best is null || Newer(cursor.Head, best.Head))) best = cursor;
                    if (best is null) break;

                    TaskRun run = best.Take(OutOfOrder);
                    if (seen++ < skip)
                    {
                        // A page skipped to its end waits for nothing.
                        if (!best.HasRun) best.Batch.Taken();
                        continue;
                    }
                    output.Runs.Add(run);
                    if (!best.HasRun) output.Completes.Add(best.Batch);
                    if (++taken >= first) break;
                    if (output.Runs.Count >= MaxBatch) yield return output.Flush();
                }
                if (output.Runs.Count > 0) yield return output.Flush();
            }
            finally
            {
                stop.Cancel();
                foreach (Cursor cursor in cursors) await cursor.CloseAsync().ConfigureAwait(false);
            }
        }

        private static async IAsyncEnumerable<RunBatch> Windowed(RunStream stream, ulong skip, ulong first, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            ulong seen = 0, taken = 0;
            await foreach (RunBatch batch in stream.Open(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (skip == 0 && first == ulong.MaxValue)
                {
                    yield return batch;
                    continue;
                }
                var kept = new List<TaskRun>(batch.Count);
                foreach (TaskRun run in batch)
                {
                    if (seen++ < skip) continue;
                    kept.Add(run);
                    if (++taken >= first) break;
                }
                yield return new RunBatch(kept, batch.Taken);
                if (taken >= first) yield break;
            }
        }

        private async Task Advance(Cursor cursor)
        {
            try
            {
                await cursor.Pending.ConfigureAwait(false);
            }
            catch (Exception e) when (StreamFailed != null && !(e is OperationCanceledException))
            {
                cursor.Done = true;
                StreamFailed(cursor.Stream, e);
                return;
            }
            cursor.Received();
        }

        /// <summary>Newest first; a run without CreatedAt sorts last; equal times keep stream order.</summary>
        private static bool Newer(TaskRun candidate, TaskRun best) =>
            (candidate.CreatedAt ?? DateTimeOffset.MinValue) > (best.CreatedAt ?? DateTimeOffset.MinValue);

        /// <summary>The merged runs not yet handed out, and the streams' batches whose last run is among them.</summary>
        private sealed class MergedOutput
        {
            public List<TaskRun> Runs { get; private set; } = new();
            public List<RunBatch> Completes { get; private set; } = new();

            public RunBatch Flush()
            {
                List<RunBatch> completes = Completes;
                var batch = new RunBatch(Runs, completes.Count == 0 ? null : () => { foreach (RunBatch b in completes) b.Taken(); });
                Runs = new List<TaskRun>();
                Completes = new List<RunBatch>();
                return batch;
            }
        }

        private sealed class Cursor
        {
            private readonly IAsyncEnumerator<RunBatch> _enumerator;
            private RunBatch _batch = new(Array.Empty<TaskRun>());
            private int _index;
            private DateTimeOffset? _last;
            private bool _disorderReported;

            public Cursor(RunStream stream, IAsyncEnumerator<RunBatch> enumerator)
            {
                Stream = stream;
                _enumerator = enumerator;
                Pending = enumerator.MoveNextAsync().AsTask();
            }

            public RunStream Stream { get; }

            /// <summary>The next batch being fetched while the current one is merged.</summary>
            public Task<bool> Pending { get; private set; }

            public bool Done { get; set; }
            public bool HasRun => _index < _batch.Count;

            /// <summary>The stream's batch being merged.</summary>
            public RunBatch Batch => _batch;
            public TaskRun Head => _batch[_index];

            /// <summary>After <see cref="Pending"/> completed: take its batch and start fetching the next.</summary>
            public void Received()
            {
                if (!Pending.Result)
                {
                    Done = true;
                    return;
                }
                _batch = _enumerator.Current;
                _index = 0;
                // A batch with no runs (all dropped by a client-side check) waits for nothing.
                if (_batch.Count == 0) _batch.Taken();
                Pending = _enumerator.MoveNextAsync().AsTask();
            }

            public TaskRun Take(Action<RunStream>? outOfOrder)
            {
                TaskRun run = _batch[_index++];
                if (_last is DateTimeOffset last && run.CreatedAt > last && !_disorderReported)
                {
                    _disorderReported = true;
                    outOfOrder?.Invoke(Stream);
                }
                if (run.CreatedAt.HasValue) _last = run.CreatedAt;
                return run;
            }

            public async Task CloseAsync()
            {
                try { await Pending.ConfigureAwait(false); } catch (Exception) { /* cancelled or already reported */ }
                try { await _enumerator.DisposeAsync().ConfigureAwait(false); } catch (Exception) { /* cancelled while closing */ }
            }
        }
    }
}
