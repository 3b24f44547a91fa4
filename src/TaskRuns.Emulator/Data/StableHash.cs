namespace TaskRuns.Emulator.Data;

/// <summary>FNV-1a of a string: data derived from run ids must not change between processes (string.GetHashCode does).</summary>
internal static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
