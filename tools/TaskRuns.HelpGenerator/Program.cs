using TaskRuns.HelpGenerator;

// dotnet run --project tools/TaskRuns.HelpGenerator -c Release [-- --check] [--root <repo>] [--assembly-folder <dir>]
//   writes en-US/TaskRuns.dll-Help.xml and refreshes SYNTAX/PARAMETERS in docs/help/*.md;
//   --check writes nothing and exits 1 when a committed file is stale.
bool check = args.Contains("--check");
string? root = Value("--root");
var sources = new HelpSources(root ?? HelpSources.FindRepositoryRoot(Directory.GetCurrentDirectory()));
if (Value("--assembly-folder") is string folder) sources.AssemblyFolder = Path.GetFullPath(folder);

try
{
    GeneratedHelp help = HelpGeneration.Generate(sources);
    if (check)
    {
        IReadOnlyList<string> stale = HelpGeneration.StaleFiles(sources, help);
        foreach (string file in stale) Console.Error.WriteLine("stale: " + file);
        if (stale.Count > 0) Console.Error.WriteLine("Run: dotnet run --project tools/TaskRuns.HelpGenerator -c Release");
        return stale.Count == 0 ? 0 : 1;
    }
    IReadOnlyList<string> changed = HelpGeneration.WriteFiles(sources, help);
    Console.WriteLine($"{help.Commands.Count} cmdlets; {(changed.Count == 0 ? "help is up to date" : "updated " + string.Join(", ", changed))}.");
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FormatException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

string? Value(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
