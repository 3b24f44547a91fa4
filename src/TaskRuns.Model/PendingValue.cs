namespace TaskRuns.Model
{
    /// <summary>
    /// A value held as parsed and converted only when first read (Deck's free-form output and interaction): listing
    /// 100,000 runs to filter on Status never builds their output objects. A model property stores either this or its
    /// converted value in one reference, so a read from any thread sees one or the other. The engine supplies the
    /// conversion (from JSON), so this assembly depends on nothing.
    /// </summary>
    internal abstract class PendingValue
    {
        /// <summary>The converted value.</summary>
        public abstract object? Convert();

        /// <summary>The stored value, converting a pending one (and remembering the result through <paramref name="slot"/>).</summary>
        public static object? Resolve(ref object? slot) => slot is PendingValue pending ? slot = pending.Convert() : slot;
    }
}
