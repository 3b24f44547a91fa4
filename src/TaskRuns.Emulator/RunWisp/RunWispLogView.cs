namespace TaskRuns.Emulator.RunWisp;

/// <summary>
/// A run's log at one moment: <see cref="Count"/> lines visible now (numbered 0..Count-1) and whether it is final (the run
/// ended). Lines are produced on demand by <see cref="Line"/>, so a huge log is never held in memory.
/// </summary>
internal sealed class RunWispLogView
{
    private readonly Func<long, RunWispLogLine> _line;

    public RunWispLogView(long count, bool finalized, Func<long, RunWispLogLine> line)
    {
        Count = count;
        Finalized = finalized;
        _line = line;
    }

    public long Count { get; }

    public bool Finalized { get; }

    public RunWispLogLine Line(long n) => _line(n);
}
