using System;

namespace TaskRuns.Http
{
    /// <summary>
    /// A provider limit's permission for one attempt (a slot of Anchor's concurrency gate, a place in Deck's rate budget):
    /// held while the attempt runs, given back by disposing it however the attempt ends.
    /// </summary>
    internal interface IRequestPermit : IDisposable
    {
        /// <summary>How long the attempt waited for the permit.</summary>
        TimeSpan Waited { get; }

        /// <summary>Called from the async flow that sends the request, once the permit is had (see <see cref="ConcurrentRequestGate.Slot.Hold"/>).</summary>
        void Hold();
    }
}
