namespace TaskRuns.HelpGenerator;

/// <summary>What reflection and the XML doc comments say about one cmdlet.</summary>
public sealed class CommandModel
{
    public required string Name { get; init; }
    public required string Verb { get; init; }
    public required string Noun { get; init; }
    /// <summary>The C# class, for messages.</summary>
    public required string ClassName { get; init; }
    /// <summary>The &lt;para type="synopsis"&gt; of the cmdlet class, if any.</summary>
    public string? Synopsis { get; init; }
    /// <summary>Every parameter, in syntax order.</summary>
    public required IReadOnlyList<ParameterModel> Parameters { get; init; }
    /// <summary>Parameter set names, the default first; "__AllParameterSets" when the cmdlet declares none.</summary>
    public required IReadOnlyList<string> ParameterSets { get; init; }
    public string? DefaultParameterSet { get; init; }
    /// <summary>Full names of the [OutputType] types.</summary>
    public required IReadOnlyList<string> OutputTypes { get; init; }

    public IEnumerable<(ParameterModel Parameter, ParameterSetEntry Entry)> ParametersOf(string set) =>
        Parameters.Select(p => (p, p.EntryFor(set))).Where(x => x.Item2 != null).Select(x => (x.p, x.Item2!));
}

public sealed class ParameterModel
{
    public const string AllSets = "__AllParameterSets";

    public required string Name { get; init; }
    /// <summary>Full type name (Nullable unwrapped), e.g. System.String[].</summary>
    public required string TypeName { get; init; }
    /// <summary>Short type name for syntax lines, e.g. String[].</summary>
    public required string ShortTypeName { get; init; }
    public bool IsSwitch { get; init; }
    public required IReadOnlyList<string> Description { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    /// <summary>ValidateSet values or enum names.</summary>
    public required IReadOnlyList<string> AcceptedValues { get; init; }
    public string? DefaultValue { get; init; }
    /// <summary>Per parameter set name (or <see cref="AllSets"/>).</summary>
    public required IReadOnlyDictionary<string, ParameterSetEntry> Sets { get; init; }

    public ParameterSetEntry? EntryFor(string set) =>
        Sets.TryGetValue(set, out var entry) ? entry : Sets.TryGetValue(AllSets, out var all) ? all : null;

    public bool InAllSets => Sets.ContainsKey(AllSets);

    /// <summary>Summary over all sets: required only when mandatory everywhere it appears.</summary>
    public bool Required => Sets.Values.All(s => s.Mandatory);
    public int? Position => Sets.Values.Select(s => s.Position).FirstOrDefault(p => p != null);
    public bool ByValue => Sets.Values.Any(s => s.ByValue);
    public bool ByPropertyName => Sets.Values.Any(s => s.ByPropertyName);

    public static string PipelineInput(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}

public sealed record ParameterSetEntry(bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);
