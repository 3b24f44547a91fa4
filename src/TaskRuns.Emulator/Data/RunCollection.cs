namespace TaskRuns.Emulator.Data;

/// <summary>
/// Thread-safe store of one provider's runs. Keeps one provider-wide list and one list per task,
/// both in ascending creation order (so "newest first" is a reversed slice), plus an id index.
/// Lists are append-only: a run's <see cref="StoredRun.Seq"/> and <see cref="StoredRun.TaskIndex"/> never change.
/// </summary>
internal sealed class RunCollection<TRun> where TRun : StoredRun
{
    private static readonly IReadOnlyList<TRun> Empty = Array.Empty<TRun>();

    private readonly object _gate = new();
    private readonly List<TRun> _all = new();
    private readonly Dictionary<string, List<TRun>> _byTask = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TRun> _byId = new(StringComparer.Ordinal);

    public void AddTask(string taskKey)
    {
        lock (_gate)
        {
            _byTask.TryAdd(taskKey, new List<TRun>());
        }
    }

    /// <summary>Bulk-loads seeded runs; <paramref name="ascending"/> must be sorted by CreatedAt (stable).</summary>
    public void Load(IReadOnlyList<TRun> ascending)
    {
        lock (_gate)
        {
            _all.Capacity = _all.Count + ascending.Count;
            _byId.EnsureCapacity(_byId.Count + ascending.Count);
            foreach (var run in ascending)
            {
                AppendLocked(run);
            }
        }
    }

    /// <summary>Appends a new (newest) run; its CreatedAt is raised to the newest existing one if the clock went back.</summary>
    public TRun Append(TRun run)
    {
        lock (_gate)
        {
            if (_all.Count > 0 && run.CreatedAt < _all[^1].CreatedAt)
            {
                run = run with { CreatedAt = _all[^1].CreatedAt };
            }

            AppendLocked(run);
            return run;
        }
    }

    private void AppendLocked(TRun run)
    {
        if (!_byTask.TryGetValue(run.TaskKey, out var taskRuns))
        {
            taskRuns = new List<TRun>();
            _byTask.Add(run.TaskKey, taskRuns);
        }

        run.Seq = _all.Count;
        run.TaskIndex = taskRuns.Count;
        _all.Add(run);
        taskRuns.Add(run);
        _byId[run.Id] = run;
    }

    public TRun? Find(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var run) ? run : null;
        }
    }

    /// <summary>
    /// Atomically replaces a run with <paramref name="change"/>(current). If change returns null or the
    /// same instance nothing is stored. Returns the stored run after the call (or null if unknown).
    /// </summary>
    public TRun? Update(string id, Func<TRun, TRun?> change)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var current))
            {
                return null;
            }

            var updated = change(current);
            if (updated is null || ReferenceEquals(updated, current))
            {
                return current;
            }

            updated.Seq = current.Seq;
            updated.TaskIndex = current.TaskIndex;
            _all[current.Seq] = updated;
            _byTask[current.TaskKey][current.TaskIndex] = updated;
            _byId[id] = updated;
            return updated;
        }
    }

    public int Count(string? taskKey = null)
    {
        lock (_gate)
        {
            if (taskKey is null)
            {
                return _all.Count;
            }

            return _byTask.TryGetValue(taskKey, out var runs) ? runs.Count : 0;
        }
    }

    /// <summary>
    /// Runs <paramref name="reader"/> under the lock over the ascending list of one task
    /// (or of all tasks when <paramref name="taskKey"/> is null). The reader must copy what it keeps.
    /// </summary>
    public TResult Read<TResult>(string? taskKey, Func<IReadOnlyList<TRun>, TResult> reader)
    {
        lock (_gate)
        {
            IReadOnlyList<TRun> list = taskKey is null
                ? _all
                : _byTask.TryGetValue(taskKey, out var runs) ? runs : Empty;
            return reader(list);
        }
    }

    /// <summary>Ascending snapshot by seq of all runs (or one task's), for a given predicate.</summary>
    public List<TRun> Snapshot(string? taskKey, Func<TRun, bool>? predicate = null)
    {
        return Read(taskKey, list =>
        {
            var copy = new List<TRun>(predicate is null ? list.Count : 16);
            foreach (var run in list)
            {
                if (predicate is null || predicate(run))
                {
                    copy.Add(run);
                }
            }

            return copy;
        });
    }
}
