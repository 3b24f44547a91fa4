namespace TaskRuns.Emulator.RunWisp;

/// <summary>One SSE message: optional id, event name and a one-line JSON data payload.</summary>
internal sealed record ServerSentEvent(long? Id, string Name, string Data)
{
    public string Format() => Id is { } id
        ? $"id: {id}\nevent: {Name}\ndata: {Data}\n\n"
        : $"event: {Name}\ndata: {Data}\n\n";
}
