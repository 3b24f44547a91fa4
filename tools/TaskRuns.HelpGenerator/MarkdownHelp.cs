using System.Text.RegularExpressions;

namespace TaskRuns.HelpGenerator;

/// <summary>
/// One docs/help/&lt;Verb-Noun&gt;.md in PlatyPS's layout. The hand-written sections (SYNOPSIS, DESCRIPTION, EXAMPLES,
/// INPUTS, OUTPUTS, NOTES, RELATED LINKS) are read from it; SYNTAX and PARAMETERS are written into it by the generator.
/// </summary>
public sealed class MarkdownHelp
{
    public static readonly string[] SectionOrder =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };
    public static readonly string[] GeneratedSections = { "SYNTAX", "PARAMETERS" };

    private readonly Dictionary<string, List<string>> _sections = new(StringComparer.Ordinal);

    public string Path { get; }
    public string Title { get; }
    public IReadOnlyList<string> FrontMatter { get; }

    private MarkdownHelp(string path, string title, IReadOnlyList<string> frontMatter)
    {
        Path = path;
        Title = title;
        FrontMatter = frontMatter;
    }

    public static MarkdownHelp Load(string path) => Parse(path, File.ReadAllText(path));

    public static MarkdownHelp Parse(string path, string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        int i = 0;
        var front = new List<string>();
        if (lines.Length > 0 && lines[0] == "---")
        {
            front.Add(lines[i++]);
            while (i < lines.Length && lines[i] != "---") front.Add(lines[i++]);
            if (i < lines.Length) front.Add(lines[i++]);
        }
        while (i < lines.Length && lines[i].Trim().Length == 0) i++;
        if (i >= lines.Length || !lines[i].StartsWith("# ", StringComparison.Ordinal))
            throw new FormatException($"{path}: expected '# <Verb-Noun>' after the front matter.");
        var help = new MarkdownHelp(path, lines[i++][2..].Trim(), front);
        List<string>? current = null;
        bool inFence = false;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                string name = line[3..].Trim();
                if (Array.IndexOf(SectionOrder, name) < 0)
                    throw new FormatException($"{path}: unknown section '## {name}' (known: {string.Join(", ", SectionOrder)}).");
                if (help._sections.ContainsKey(name)) throw new FormatException($"{path}: section '## {name}' appears twice.");
                help._sections[name] = current = new List<string>();
                continue;
            }
            if (current is null)
            {
                if (line.Trim().Length > 0) throw new FormatException($"{path}: text before the first '## ' section: {line}");
                continue;
            }
            current.Add(line);
        }
        if (inFence) throw new FormatException($"{path}: a ``` code fence is not closed.");
        return help;
    }

    public IReadOnlyList<string> SectionLines(string name) => _sections.TryGetValue(name, out var lines) ? Trim(lines) : Array.Empty<string>();

    public string? Synopsis => Paragraphs(SectionLines("SYNOPSIS")).FirstOrDefault();
    public IReadOnlyList<string> Description => Paragraphs(SectionLines("DESCRIPTION"));
    public IReadOnlyList<string> Notes => Paragraphs(SectionLines("NOTES"));
    public IReadOnlyList<TypeHelp> Inputs => Types("INPUTS");
    public IReadOnlyList<TypeHelp> Outputs => Types("OUTPUTS");

    public IReadOnlyList<ExampleHelp> Examples
    {
        get
        {
            var examples = new List<ExampleHelp>();
            foreach ((string heading, List<string> body) in Subsections(SectionLines("EXAMPLES")))
            {
                Match m = Regex.Match(heading, @"^Example (\d+): (.+)$");
                if (!m.Success || int.Parse(m.Groups[1].Value) != examples.Count + 1)
                    throw new FormatException($"{Path}: example heading '### {heading}' must be '### Example {examples.Count + 1}: <title>'.");
                var code = new List<string>();
                var remarks = new List<string>();
                int fences = 0;
                bool inCode = false;
                foreach (string line in body)
                {
                    if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                    {
                        if (!inCode && line.Trim() != "```powershell")
                            throw new FormatException($"{Path}: Example {examples.Count + 1}: the code block must be fenced as ```powershell.");
                        inCode = !inCode;
                        if (inCode) fences++;
                        continue;
                    }
                    (inCode ? code : remarks).Add(line);
                }
                if (fences != 1) throw new FormatException($"{Path}: Example {examples.Count + 1} needs exactly one ```powershell block.");
                IReadOnlyList<string> text = Paragraphs(remarks);
                if (text.Count == 0) throw new FormatException($"{Path}: Example {examples.Count + 1} needs a sentence explaining it.");
                examples.Add(new ExampleHelp(examples.Count + 1, m.Groups[2].Value.Trim(), string.Join("\n", Trim(code)), text));
            }
            return examples;
        }
    }

    public IReadOnlyList<LinkHelp> RelatedLinks =>
        SectionLines("RELATED LINKS").Where(l => l.Trim().Length > 0).Select(l =>
        {
            Match m = Regex.Match(l.Trim(), @"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$");
            if (!m.Success) return new LinkHelp(Inline(l.Trim()), "");
            string uri = m.Groups["uri"].Value;
            return new LinkHelp(m.Groups["text"].Value, uri.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? uri : "");
        }).ToList();

    private IReadOnlyList<TypeHelp> Types(string section)
    {
        var types = new List<TypeHelp>();
        foreach ((string heading, List<string> body) in Subsections(SectionLines(section)))
            types.Add(new TypeHelp(heading, Paragraphs(body)));
        return types;
    }

    private IEnumerable<(string Heading, List<string> Body)> Subsections(IReadOnlyList<string> lines)
    {
        string? heading = null;
        var body = new List<string>();
        bool inFence = false;
        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (heading != null) yield return (heading, body);
                heading = line[4..].Trim();
                body = new List<string>();
                continue;
            }
            if (heading is null)
            {
                if (line.Trim().Length > 0) throw new FormatException($"{Path}: text before the first '### ' heading: {line}");
                continue;
            }
            body.Add(line);
        }
        if (heading != null) yield return (heading, body);
    }

    /// <summary>
    /// Markdown blocks as plain paragraphs for MAML: blank lines separate paragraphs, each list item and each line of a
    /// code block or table is a paragraph of its own, `code`, **bold** and [links](…) lose their markup.
    /// </summary>
    public static IReadOnlyList<string> Paragraphs(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        bool inFence = false;
        void Flush()
        {
            if (current.Count > 0) paragraphs.Add(Inline(string.Join(" ", current.Select(l => l.Trim()))));
            current.Clear();
        }
        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                paragraphs.Add("    " + line);
                continue;
            }
            string trimmed = line.Trim();
            if (trimmed.Length == 0) { Flush(); continue; }
            if (Regex.IsMatch(trimmed, @"^([-*] |\d+\. |\|)"))
            {
                Flush();
                if (Regex.IsMatch(trimmed, @"^\|[-:| ]+\|$")) continue; // a table's separator row
                current.Add(trimmed);
                continue;
            }
            if (current.Count > 0 && Regex.IsMatch(current[0], @"^([-*] |\d+\. )") && !line.StartsWith("  ", StringComparison.Ordinal)) Flush();
            current.Add(trimmed);
        }
        Flush();
        return paragraphs;
    }

    public static string Inline(string text)
    {
        text = Regex.Replace(text, @"\[([^\]]+)\]\([^)]*\)", "$1");
        text = Regex.Replace(text, @"\*\*([^*]+)\*\*", "$1");
        text = Regex.Replace(text, @"`([^`]+)`", "$1");
        return text;
    }

    private static IReadOnlyList<string> Trim(IReadOnlyList<string> lines)
    {
        int start = 0, end = lines.Count;
        while (start < end && lines[start].Trim().Length == 0) start++;
        while (end > start && lines[end - 1].Trim().Length == 0) end--;
        return lines.Skip(start).Take(end - start).Select(l => l.TrimEnd()).ToList();
    }

    /// <summary>The file with its SYNTAX and PARAMETERS sections replaced and every section in PlatyPS's order.</summary>
    public string Render(IReadOnlyDictionary<string, IReadOnlyList<string>> generated)
    {
        var output = new List<string>();
        if (FrontMatter.Count > 0)
        {
            output.AddRange(FrontMatter);
            output.Add("");
        }
        output.Add("# " + Title);
        output.Add("");
        foreach (string name in SectionOrder)
        {
            IReadOnlyList<string> body = generated.TryGetValue(name, out var lines) ? lines : SectionLines(name);
            if (body.Count == 0 && !generated.ContainsKey(name)) continue;
            output.Add("## " + name);
            output.Add("");
            output.AddRange(body);
            output.Add("");
        }
        return string.Join("\n", output).TrimEnd('\n') + "\n";
    }
}

public sealed record ExampleHelp(int Number, string Title, string Code, IReadOnlyList<string> Remarks);

public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

public sealed record LinkHelp(string Text, string Uri);
