namespace TaskRuns.Emulator.Data;

/// <summary>Ids of triggered runs that still have timed state changes ahead (what the ticker has to look at).</summary>
internal sealed class ActiveRunSet
{
    private readonly object _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public void Add(string id)
    {
        lock (_gate)
        {
            _ids.Add(id);
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            _ids.Remove(id);
        }
    }

    public string[] Snapshot()
    {
        lock (_gate)
        {
            return _ids.Count == 0 ? Array.Empty<string>() : _ids.ToArray();
        }
    }
}
