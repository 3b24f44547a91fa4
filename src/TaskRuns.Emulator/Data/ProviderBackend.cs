namespace TaskRuns.Emulator.Data;

/// <summary>Shared part of every provider backend: the run collection and the oracle views over it.</summary>
internal abstract class ProviderBackend<TRun> : IProviderBackend where TRun : StoredRun
{
    protected ProviderBackend(string name, EmulatorOptions options)
    {
        Name = name;
        Options = options;
        SeedEnd = options.SeedEndTime ?? SeedTimeline.Floor(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        Random = new Random(options.Seed);
    }

    public string Name { get; }

    public RunCollection<TRun> Runs { get; } = new();

    protected EmulatorOptions Options { get; }

    /// <summary>Where the seeded history ends (the newest seeded run is just before it).</summary>
    protected DateTimeOffset SeedEnd { get; }

    /// <summary>The provider's seeded random source; lock on it after seeding (it is not thread-safe).</summary>
    protected Random Random { get; }

    protected TimeSpan RunDuration => TimeSpan.FromMilliseconds(Math.Max(0, Options.RunDurationMs));

    /// <summary>Next value from the shared random source, safe to call from request threads.</summary>
    protected int NextRandom(int maxExclusive)
    {
        lock (Random)
        {
            return Random.Next(maxExclusive);
        }
    }

    protected T WithRandom<T>(Func<Random, T> use)
    {
        lock (Random)
        {
            return use(Random);
        }
    }

    private int _spawnCursor;

    public abstract void AdvanceTriggeredRuns(DateTimeOffset now);

    public abstract void SpawnRun();

    /// <summary>The next index in 0..count-1, round-robin (for <see cref="SpawnRun"/>).</summary>
    protected int NextSpawnIndex(int count) => (int)((uint)Interlocked.Increment(ref _spawnCursor) % (uint)count);

    public abstract IReadOnlyList<EmulatedTask> Tasks();

    public abstract Task WriteErrorAsync(HttpContext context, int statusCode, string message);

    public int RunCount(string? taskKey) => Runs.Count(taskKey);

    public IReadOnlyList<EmulatedRun> ListRuns(string? taskKey)
    {
        return Runs.Read(taskKey, list =>
        {
            var result = new EmulatedRun[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                result[list.Count - 1 - i] = ToEmulatedRun(list[i]);
            }

            return (IReadOnlyList<EmulatedRun>)result;
        });
    }

    public EmulatedRun? FindRun(string runId)
    {
        var run = Runs.Find(runId);
        return run is null ? null : ToEmulatedRun(run);
    }

    private EmulatedRun ToEmulatedRun(TRun run) =>
        new(Name, run.TaskKey, run.Id, run.RawStatus, run.RawOutcome, run.CreatedAt, run.Triggered);
}
