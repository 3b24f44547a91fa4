using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Following;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// Follows RunWisp through the daemon's run stream (GET /api/runs/stream, SSE), which pushes every status change.
    /// The stream has no replay: after each (re)connection the newest page is listed once more, so a change made while
    /// disconnected is still seen. A daemon without the stream (not SSE) is followed by polling instead.
    /// </summary>
    internal sealed class RunWispStreamChanges : IRunChanges
    {
        private readonly RunWispProvider _adapter;
        private readonly ApiClient _client;
        private readonly PreparedQuery _query;
        private readonly FollowOptions _options;
        private readonly ConcurrentQueue<TaskRun> _pushed = new();
        private readonly SemaphoreSlim _signal = new(0);
        private Task? _listening;
        private CancellationTokenSource? _listenStop;
        private PollingChanges? _polling;

        public RunWispStreamChanges(RunWispProvider adapter, ApiClient client, PreparedQuery query, FollowOptions options)
        {
            _adapter = adapter;
            _client = client;
            _query = query;
            _options = options;
        }

        public async Task<IReadOnlyList<TaskRun>> BaselineAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRunApiException e) when (e.ErrorId == "UnexpectedContentType" || e.StatusCode == 404)
            {
                _polling = new PollingChanges(_adapter, _client, _query, _options);
                return await _polling.BaselineAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task<IReadOnlyList<TaskRun>> NextAsync(CancellationToken cancellationToken)
        {
            if (_polling != null) return await _polling.NextAsync(cancellationToken).ConfigureAwait(false);
            if (_listening is null || _listening.IsCompleted)
            {
                // Reconnecting: whatever changed while the stream was down comes from the listing.
                var relisted = new List<TaskRun>(await ConnectAsync(cancellationToken).ConfigureAwait(false));
                while (_pushed.TryDequeue(out TaskRun? run)) relisted.Add(run);
                return relisted;
            }

            await Task.WhenAny(_signal.WaitAsync(cancellationToken), _listening).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var runs = new List<TaskRun>();
            while (_pushed.TryDequeue(out TaskRun? run)) runs.Add(run);
            if (runs.Count == 0 && _listening.IsCompleted)
            {
                Exception? why = _listening.Exception?.GetBaseException();
                throw new TaskRunApiException(TaskRunProvider.RunWisp, "StreamEnded", System.Management.Automation.ErrorCategory.ConnectionError,
                    $"RunWisp: the run stream ended ({why?.Message ?? "closed by the daemon"}); reconnecting.", isTransient: true);
            }
            return runs;
        }

        /// <summary>Subscribes, waits until the daemon confirms, then lists the newest page.</summary>
        private async Task<IReadOnlyList<TaskRun>> ConnectAsync(CancellationToken cancellationToken)
        {
            _listenStop?.Cancel();
            _listenStop?.Dispose();
            _listenStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var connected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            CancellationToken token = _listenStop.Token;
            _listening = Task.Run(() => _adapter.ListenAsync(_client, () => connected.TrySetResult(true), run =>
            {
                _pushed.Enqueue(run);
                _signal.Release();
            }, token));
            Task first = await Task.WhenAny(connected.Task, _listening).ConfigureAwait(false);
            if (first == _listening) await _listening.ConfigureAwait(false); // throws why it could not connect
            if (!connected.Task.IsCompleted) throw new TaskRunApiException(TaskRunProvider.RunWisp, "StreamEnded",
                System.Management.Automation.ErrorCategory.ConnectionError, "RunWisp: the run stream closed at once.", isTransient: true);

            ProviderPage page = await _adapter.ListPageAsync(_client, _query, PagePosition.Offset(0), _adapter.Descriptor.DefaultPageSize, cancellationToken).ConfigureAwait(false);
            return page.Items;
        }
    }
}
