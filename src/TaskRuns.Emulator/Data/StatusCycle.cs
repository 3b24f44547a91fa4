namespace TaskRuns.Emulator.Data;

/// <summary>
/// Deals values from a weighted block (e.g. 20 slots) that is reshuffled every time it is used up,
/// so every value appears in every block of consecutive runs while the order still looks random.
/// </summary>
internal sealed class StatusCycle<T>
{
    private readonly T[] _block;
    private readonly Random _random;
    private int _next;

    public StatusCycle(Random random, params (T Value, int Weight)[] weights)
    {
        _random = random;
        _block = weights.SelectMany(w => Enumerable.Repeat(w.Value, w.Weight)).ToArray();
        _random.Shuffle(_block);
    }

    public int BlockLength => _block.Length;

    public T Next()
    {
        if (_next == _block.Length)
        {
            _random.Shuffle(_block);
            _next = 0;
        }

        return _block[_next++];
    }
}
