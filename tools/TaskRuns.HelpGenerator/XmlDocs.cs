using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TaskRuns.HelpGenerator;

/// <summary>
/// The C# XML documentation (TaskRuns.xml, TaskRuns.Engine.xml) as plain-text paragraphs, with &lt;inheritdoc/&gt;
/// resolved (a cref, or the same member of a base type).
/// </summary>
public sealed class XmlDocs
{
    private readonly Dictionary<string, XElement> _members = new(StringComparer.Ordinal);

    public XmlDocs(IEnumerable<string> files)
    {
        foreach (string file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException("XML documentation file not found (build src/TaskRuns first).", file);
            foreach (XElement member in XDocument.Load(file).Descendants("member"))
                if (member.Attribute("name")?.Value is string name) _members[name] = member;
        }
    }

    /// <summary>The summary of a property as paragraphs; empty when it has none.</summary>
    public IReadOnlyList<string> Summary(PropertyInfo property) => Paragraphs(Resolve(property, "summary"));

    /// <summary>
    /// The help of a parameter of one cmdlet: the cmdlet's own wording when a class between it and the declaring base
    /// has a &lt;parameter name="…"&gt; element in its doc comment (a shared parameter that means something particular
    /// here: "the providers to describe", "the providers whose stored connection to forget"), else the property's summary.
    /// </summary>
    public IReadOnlyList<string> Summary(Type cmdlet, PropertyInfo property)
    {
        for (Type? t = cmdlet; t != null && t != property.DeclaringType; t = t.BaseType)
        {
            if (_members.TryGetValue(IdOf(t), out XElement? member)
                && member.Elements("parameter").FirstOrDefault(p => (string?)p.Attribute("name") == property.Name) is XElement own)
                return Paragraphs(own);
        }
        return Summary(property);
    }

    /// <summary>The names of the &lt;parameter name="…"&gt; elements in the doc comment of <paramref name="type"/> itself.</summary>
    public IEnumerable<string> WordedParameters(Type type) =>
        _members.TryGetValue(IdOf(type), out XElement? member)
            ? member.Elements("parameter").Select(p => (string?)p.Attribute("name") ?? "")
            : Enumerable.Empty<string>();

    /// <summary>The summary of a type as paragraphs.</summary>
    public IReadOnlyList<string> Summary(Type type) => Paragraphs(Resolve(IdOf(type), "summary"));

    /// <summary>The &lt;para type="synopsis"&gt; of a cmdlet class (the convention PowerShell's XmlDoc2CmdletDoc uses).</summary>
    public string? Synopsis(Type type)
    {
        XElement? summary = Resolve(IdOf(type), "summary");
        XElement? para = summary?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis");
        return para is null ? null : Paragraphs(para).FirstOrDefault();
    }

    public static string IdOf(Type type) => "T:" + (type.FullName ?? type.Name).Replace('+', '.');

    public static string IdOf(PropertyInfo property) => "P:" + (property.DeclaringType!.FullName ?? "").Replace('+', '.') + "." + property.Name;

    private XElement? Resolve(PropertyInfo property, string element)
    {
        for (PropertyInfo? p = property; p != null; p = BaseProperty(p))
        {
            XElement? found = Resolve(IdOf(p), element);
            if (found != null) return found;
        }
        return null;
    }

    private static PropertyInfo? BaseProperty(PropertyInfo property)
    {
        Type? baseType = property.DeclaringType?.BaseType;
        return baseType?.GetProperty(property.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
               ?? (baseType is null ? null : baseType.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance));
    }

    private XElement? Resolve(string id, string element, int depth = 0)
    {
        if (depth > 8 || !_members.TryGetValue(id, out XElement? member)) return null;
        if (member.Element(element) is XElement direct) return direct;
        if (member.Element("inheritdoc") is XElement inherit && inherit.Attribute("cref")?.Value is string cref)
            return Resolve(cref, element, depth + 1);
        return null;
    }

    /// <summary>Plain text: &lt;para&gt; starts a paragraph, &lt;see cref&gt; becomes the member's short name, whitespace collapses.</summary>
    public static IReadOnlyList<string> Paragraphs(XElement? element)
    {
        if (element is null) return Array.Empty<string>();
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            string text = Regex.Replace(current.ToString(), @"\s+", " ").Trim();
            if (text.Length > 0) paragraphs.Add(text);
            current.Clear();
        }
        void Walk(XElement e)
        {
            foreach (XNode node in e.Nodes())
            {
                switch (node)
                {
                    case XText text:
                        current.Append(text.Value);
                        break;
                    case XElement { Name.LocalName: "para" } para:
                        Flush();
                        Walk(para);
                        Flush();
                        break;
                    case XElement { Name.LocalName: "see" or "seealso" } see:
                        current.Append(see.Value.Length > 0 ? see.Value
                            : see.Attribute("langword")?.Value
                            ?? ShortName(see.Attribute("cref")?.Value ?? see.Attribute("href")?.Value ?? ""));
                        break;
                    case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                        current.Append(reference.Attribute("name")?.Value);
                        break;
                    case XElement other:
                        Walk(other);
                        break;
                }
            }
        }
        Walk(element);
        Flush();
        return paragraphs;
    }

    private static string ShortName(string cref)
    {
        string name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
