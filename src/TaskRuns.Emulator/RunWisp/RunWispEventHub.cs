using System.Threading.Channels;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>Fans run events out to every open <c>/api/runs/stream</c> connection.</summary>
internal sealed class RunWispEventHub
{
    private readonly object _gate = new();
    private readonly List<Channel<ServerSentEvent>> _subscribers = new();
    private long _lastId;

    public Channel<ServerSentEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<ServerSentEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return channel;
    }

    public void Unsubscribe(Channel<ServerSentEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    public void Publish(string name, string data)
    {
        lock (_gate)
        {
            var message = new ServerSentEvent(++_lastId, name, data);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(message);
            }
        }
    }
}
