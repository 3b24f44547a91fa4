namespace TaskRuns.HelpGenerator;

/// <summary>The generator's result: the MAML file and every docs/help/*.md with its generated sections refreshed.</summary>
public sealed record GeneratedHelp(string Maml, IReadOnlyDictionary<string, string> MarkdownFiles, IReadOnlyList<CommandModel> Commands);

/// <summary>
/// Merges what the cmdlets say about themselves (reflection + XML doc comments) with the hand-written Markdown and
/// checks the two agree: every cmdlet has a page, every page a cmdlet, synopses match, each page has at least
/// three examples, and OUTPUTS names every [OutputType].
/// </summary>
public static class HelpGeneration
{
    public const int MinimumExamples = 3;

    public static GeneratedHelp Generate(HelpSources sources)
    {
        IReadOnlyList<CommandModel> commands = CmdletReflector.Read(sources);
        var pages = Directory.GetFiles(sources.MarkdownFolder, "*.md")
            .Select(MarkdownHelp.Load)
            .ToDictionary(m => m.Title, StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (string orphan in pages.Keys.Except(commands.Select(c => c.Name)))
            problems.Add($"docs/help/{orphan}.md describes no cmdlet of TaskRuns.dll.");

        var merged = new List<(CommandModel, MarkdownHelp)>();
        var markdown = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (CommandModel command in commands)
        {
            if (!pages.TryGetValue(command.Name, out MarkdownHelp? page))
            {
                problems.Add($"{command.Name} has no docs/help/{command.Name}.md.");
                continue;
            }
            string file = $"docs/help/{Path.GetFileName(page.Path)}";
            if (Path.GetFileNameWithoutExtension(page.Path) != command.Name) problems.Add($"{file}: the file must be named {command.Name}.md.");
            if (string.IsNullOrWhiteSpace(page.Synopsis)) problems.Add($"{file}: ## SYNOPSIS is empty.");
            else if (command.Synopsis != null && command.Synopsis != page.Synopsis)
                problems.Add($"{file}: ## SYNOPSIS differs from the <para type=\"synopsis\"> of {command.ClassName}:\n  md: {page.Synopsis}\n  C#: {command.Synopsis}");
            if (page.Description.Count == 0) problems.Add($"{file}: ## DESCRIPTION is empty.");
            if (page.Examples.Count < MinimumExamples) problems.Add($"{file}: {page.Examples.Count} example(s); at least {MinimumExamples} are needed.");
            if (page.Inputs.Count == 0) problems.Add($"{file}: ## INPUTS has no '### <type>' entry.");
            if (page.Outputs.Count == 0) problems.Add($"{file}: ## OUTPUTS has no '### <type>' entry.");
            foreach (string output in command.OutputTypes)
                if (!page.Outputs.Any(o => o.TypeName == output)) problems.Add($"{file}: ## OUTPUTS does not list [OutputType] {output}.");
            merged.Add((command, page));
            markdown[page.Path] = page.Render(new Dictionary<string, IReadOnlyList<string>>
            {
                ["SYNTAX"] = MarkdownSections.Syntax(command),
                ["PARAMETERS"] = MarkdownSections.Parameters(command),
            });
        }
        if (problems.Count > 0) throw new InvalidOperationException("Help sources are inconsistent:\n" + string.Join("\n", problems));
        return new GeneratedHelp(MamlWriter.Write(merged), markdown, commands);
    }

    /// <summary>Writes the MAML and the refreshed Markdown; returns the files that changed.</summary>
    public static IReadOnlyList<string> WriteFiles(HelpSources sources, GeneratedHelp help)
    {
        var changed = new List<string>();
        void Put(string path, string content)
        {
            if (File.Exists(path) && Normalise(File.ReadAllText(path)) == content) return;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            changed.Add(Path.GetRelativePath(sources.RepositoryRoot, path));
        }
        Put(sources.MamlFile, help.Maml);
        foreach (var (path, content) in help.MarkdownFiles) Put(path, content);
        return changed;
    }

    /// <summary>Files whose committed content differs from what the generator produces now.</summary>
    public static IReadOnlyList<string> StaleFiles(HelpSources sources, GeneratedHelp help)
    {
        var stale = new List<string>();
        void Check(string path, string content)
        {
            if (!File.Exists(path) || Normalise(File.ReadAllText(path)) != content) stale.Add(Path.GetRelativePath(sources.RepositoryRoot, path));
        }
        Check(sources.MamlFile, help.Maml);
        foreach (var (path, content) in help.MarkdownFiles) Check(path, content);
        return stale;
    }

    /// <summary>Git may check files out with CRLF; the generator writes LF.</summary>
    public static string Normalise(string text) => text.Replace("\r\n", "\n");
}
