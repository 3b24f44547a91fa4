using System.Reflection;

namespace TaskRuns.HelpGenerator;

/// <summary>Where the generator reads from and writes to, all relative to the repository root.</summary>
public sealed class HelpSources
{
    public HelpSources(string repositoryRoot, string? configuration = null)
    {
        RepositoryRoot = repositoryRoot;
        Configuration = configuration ?? BuildConfiguration;
        AssemblyFolder = Path.Combine(repositoryRoot, "src", "TaskRuns", "bin", Configuration, "netstandard2.0");
    }

    /// <summary>The configuration this generator was built with; the module is read from the same one.</summary>
    public static string BuildConfiguration { get; } =
        typeof(HelpSources).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    public string RepositoryRoot { get; }
    public string Configuration { get; }

    /// <summary>The build output of src/TaskRuns: TaskRuns.dll, TaskRuns.Engine.dll and both XML doc files.</summary>
    public string AssemblyFolder { get; set; }

    public string CmdletAssembly => Path.Combine(AssemblyFolder, "TaskRuns.dll");
    public IEnumerable<string> DocumentationFiles => new[] { "TaskRuns.xml", "TaskRuns.Engine.xml" }.Select(f => Path.Combine(AssemblyFolder, f));

    /// <summary>docs/help: one &lt;Verb-Noun&gt;.md per cmdlet.</summary>
    public string MarkdownFolder => Path.Combine(RepositoryRoot, "docs", "help");

    public string MamlFile => Path.Combine(RepositoryRoot, "en-US", "TaskRuns.dll-Help.xml");

    /// <summary>The folder holding TaskRuns.sln, searched upwards from <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TaskRuns.sln"))) return dir.FullName;
        throw new InvalidOperationException("TaskRuns.sln not found above " + start);
    }
}
