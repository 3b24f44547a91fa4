using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Http
{
    /// <summary>
    /// At most <see cref="RequestConcurrencyLimit.Requests"/> requests in flight at once to one origin with one API key,
    /// for the whole process (static): every stream of a listing (Anchor's tasks, each with its parallel pages), every
    /// command and every runspace shares the provider's one allowance, as the provider counts it.
    /// </summary>
    /// <remarks>
    /// A slot is held for one attempt only: from before the request is sent until its body has been read (a JSON page
    /// is parsed to its end inside the attempt). It is never held while a page waits for the pipeline, during a retry's
    /// back-off, or after a cancellation or a fault, so no consumer, however slow, can starve the other streams, and a
    /// waiter always gets a slot as soon as any attempt ends. A request made while its caller already holds a slot of the
    /// same gate (a sign-in made on the way to sending) uses the caller's slot: the caller is not on the wire meanwhile,
    /// and waiting for a second slot could deadlock once every slot's holder did the same.
    /// </remarks>
    internal sealed class ConcurrentRequestGate
    {
        private static readonly ConcurrentDictionary<string, ConcurrentRequestGate> Gates = new(StringComparer.Ordinal);
        private static readonly AsyncLocal<Holding?> Held = new();
        private readonly SemaphoreSlim _slots;

        private ConcurrentRequestGate(RequestConcurrencyLimit limit)
        {
            Limit = limit;
            _slots = new SemaphoreSlim(limit.Requests, limit.Requests);
        }

        public RequestConcurrencyLimit Limit { get; }

        /// <summary>Slots free now (for tests and diagnostics).</summary>
        public int Free => _slots.CurrentCount;

        /// <summary>The gate shared by every request to <paramref name="baseUri"/>'s origin with <paramref name="credential"/>.</summary>
        public static ConcurrentRequestGate For(Uri baseUri, ApiCredential? credential, RequestConcurrencyLimit limit) =>
            Gates.GetOrAdd(ProviderBudgetKey.For(baseUri, credential) + "|" + limit.Requests, _ => new ConcurrentRequestGate(limit));

        /// <summary>
        /// Waits for a free slot (none is taken if <paramref name="cancellationToken"/> fires first); the slot is the
        /// caller's until it is disposed. Then call <see cref="Slot.Hold"/> from the method whose flow sends the request.
        /// </summary>
        public async Task<Slot> EnterAsync(CancellationToken cancellationToken)
        {
            if (IsHeldHere()) return new Slot(null, TimeSpan.Zero);
            if (_slots.Wait(0)) return new Slot(this, TimeSpan.Zero);
            long started = Stopwatch.GetTimestamp();
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Slot(this, TimeSpan.FromSeconds((double)(Stopwatch.GetTimestamp() - started) / Stopwatch.Frequency));
        }

        private bool IsHeldHere()
        {
            for (Holding? h = Held.Value; h != null; h = h.Outer)
                if (ReferenceEquals(h.Gate, this)) return true;
            return false;
        }

        private void Release() => _slots.Release();

        /// <summary>One slot of a gate (or none, when the caller's own slot covers the request); disposing frees it once.</summary>
        internal sealed class Slot : IRequestPermit
        {
            private ConcurrentRequestGate? _gate;

            public Slot(ConcurrentRequestGate? gate, TimeSpan waited)
            {
                _gate = gate;
                Waited = waited;
            }

            /// <summary>How long the request waited for its slot.</summary>
            public TimeSpan Waited { get; }

            /// <summary>
            /// Marks the current async flow as holding this slot, so requests made within it (a sign-in) pass through
            /// the gate without a slot of their own. A synchronous call: the mark lasts until the caller's async method ends.
            /// </summary>
            public void Hold()
            {
                if (_gate != null) Held.Value = new Holding(_gate, Held.Value);
            }

            public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
        }

        private sealed class Holding
        {
            public Holding(ConcurrentRequestGate gate, Holding? outer)
            {
                Gate = gate;
                Outer = outer;
            }

            public ConcurrentRequestGate Gate { get; }
            public Holding? Outer { get; }
        }
    }
}
