using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace TaskRuns.HelpGenerator;

/// <summary>Writes PowerShell's MAML help (the format PlatyPS produces) for the cmdlets of one assembly.</summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    public static string Write(IEnumerable<(CommandModel Command, MarkdownHelp Markdown)> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), new XAttribute("xmlns", Msh.NamespaceName));
        foreach ((CommandModel command, MarkdownHelp markdown) in commands) root.Add(CommandElement(command, markdown));

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings)) new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement CommandElement(CommandModel command, MarkdownHelp md)
    {
        var element = new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", command.Verb),
                new XElement(Command + "noun", command.Noun),
                Description(new[] { md.Synopsis! })),
            Description(md.Description),
            new XElement(Command + "syntax",
                command.ParameterSets.Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", command.Name),
                    command.ParametersOf(set).Select(x => ParameterElement(x.Parameter, x.Entry.Mandatory, x.Entry.Position, x.Entry.ByValue, x.Entry.ByPropertyName, inSyntax: true))))),
            new XElement(Command + "parameters",
                command.Parameters.Select(p => ParameterElement(p, p.Required, p.Position, p.ByValue, p.ByPropertyName, inSyntax: false))),
            new XElement(Command + "inputTypes", md.Inputs.Select(t => new XElement(Command + "inputType", TypeElement(t.TypeName), Description(t.Description)))),
            new XElement(Command + "returnValues", md.Outputs.Select(t => new XElement(Command + "returnValue", TypeElement(t.TypeName), Description(t.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", md.Notes.Select(Para))),
            new XElement(Command + "examples", md.Examples.Select(e => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {e.Number}: {e.Title} --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", e.Remarks.Select(Para))))),
            new XElement(Command + "relatedLinks", md.RelatedLinks.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri)))));
        return element;
    }

    private static XElement ParameterElement(ParameterModel p, bool required, int? position, bool byValue, bool byPropertyName, bool inSyntax)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", ParameterModel.PipelineInput(byValue, byPropertyName)),
            new XAttribute("position", position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (inSyntax && p.AcceptedValues.Count > 0)
            element.Add(new XElement(Command + "parameterValueGroup", p.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v))));
        if (!p.IsSwitch)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), p.ShortTypeName));
        element.Add(TypeElement(p.TypeName), new XElement(Dev + "defaultValue", p.DefaultValue ?? "None"));
        return element;
    }

    private static XElement TypeElement(string name) => new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", paragraphs.Select(Para));

    private static XElement Para(string text) => new(Maml + "para", text);
}
