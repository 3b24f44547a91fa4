using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;
using System.Runtime.Loader;

namespace TaskRuns.HelpGenerator;

/// <summary>
/// Reads the cmdlets of the built TaskRuns.dll by reflection. The assembly is loaded into a collectible context of its
/// own (TaskRuns*.dll from the build folder; everything else, PowerShell included, from the generator's context), so
/// the [Parameter] and [Cmdlet] attributes come out as real objects and nothing clashes with a module imported elsewhere.
/// No code of TaskRuns.dll runs: only metadata and attributes of PowerShell's own types are read.
/// </summary>
public static class CmdletReflector
{
    /// <summary>Parameters PowerShell adds for SupportsPaging / SupportsShouldProcess; their text is PowerShell's, not ours.</summary>
    private static readonly Dictionary<string, string[]> StandardParameterHelp = new()
    {
        ["First"] = new[] { "Gets only the first N objects. The cmdlet stops requesting pages as soon as N objects have been output." },
        ["Skip"] = new[] { "Skips the first N objects, then gets the rest (or the number given by -First). Skipped objects are still fetched from the provider." },
        ["IncludeTotalCount"] = new[] { "Outputs the total number of objects first (a PSObject with an accuracy of 1.0 when the provider reports a total, 0.0 when it does not, as Deck)." },
        ["WhatIf"] = new[] { "Shows what would happen if the cmdlet runs. The cmdlet is not run and no request that changes anything is sent." },
        ["Confirm"] = new[] { "Prompts you for confirmation before running the cmdlet." },
    };

    public static IReadOnlyList<CommandModel> Read(HelpSources sources)
    {
        var docs = new XmlDocs(sources.DocumentationFiles);
        var context = new BuildFolderLoadContext(sources.AssemblyFolder);
        try
        {
            Assembly assembly = context.LoadFromAssemblyPath(Path.GetFullPath(sources.CmdletAssembly));
            return assembly.GetExportedTypes()
                .Select(t => (Type: t, Cmdlet: t.GetCustomAttribute<CmdletAttribute>()))
                .Where(x => x.Cmdlet != null && !x.Type.IsAbstract)
                .Select(x => Describe(x.Type, x.Cmdlet!, docs))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private static CommandModel Describe(Type type, CmdletAttribute cmdlet, XmlDocs docs)
    {
        var parameters = new List<(ParameterModel Model, int Tier, int Order)>();
        int order = 0;
        foreach (PropertyInfo property in DeclaredPropertiesBaseFirst(type).Concat(DynamicParameterProperties(type)))
        {
            ParameterModel? model = Parameter(property, docs.Summary(type, property), DefaultOf(property));
            if (model is null) continue;
            if (model.Description.Count == 0)
                throw new InvalidOperationException($"{type.Name}.{property.Name} has no /// <summary>: every parameter needs help text.");
            bool connection = property.DeclaringType?.Name == "TaskRunConnectionCommandBase";
            parameters.Add((model, connection ? 1 : 0, order++));
        }
        for (Type? t = type; t != null && t != typeof(PSCmdlet); t = t.BaseType)
        {
            foreach (string worded in docs.WordedParameters(t))
                if (!parameters.Any(p => p.Model.Name == worded))
                    throw new InvalidOperationException($"{t.Name} words a parameter '{worded}' in a <parameter> element, but {type.Name} has no such parameter.");
        }
        var standard = new List<Type>();
        if (cmdlet.SupportsPaging) standard.Add(typeof(PagingParameters));
        if (cmdlet.SupportsShouldProcess) standard.Add(typeof(ShouldProcessParameters));
        foreach (PropertyInfo property in standard.SelectMany(t => t.GetProperties()))
        {
            ParameterModel? model = Parameter(property, StandardParameterHelp[property.Name], property.PropertyType == typeof(SwitchParameter) ? "False" : "None");
            if (model != null) parameters.Add((model, 2, order++));
        }

        List<ParameterModel> ordered = parameters
            .OrderBy(p => p.Model.Position is null ? 1 : 0)
            .ThenBy(p => p.Model.Position ?? 0)
            .ThenBy(p => p.Model.Sets.Values.Any(s => s.Mandatory) ? 0 : 1)
            .ThenBy(p => p.Tier)
            .ThenBy(p => p.Order)
            .Select(p => p.Model)
            .ToList();

        List<string> sets = ordered.SelectMany(p => p.Sets.Keys).Where(s => s != ParameterModel.AllSets).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        string? defaultSet = cmdlet.DefaultParameterSetName;
        if (sets.Count == 0) sets.Add(ParameterModel.AllSets);
        else if (defaultSet != null && sets.Remove(defaultSet)) sets.Insert(0, defaultSet);

        return new CommandModel
        {
            Name = cmdlet.VerbName + "-" + cmdlet.NounName,
            Verb = cmdlet.VerbName,
            Noun = cmdlet.NounName,
            ClassName = type.FullName ?? type.Name,
            Synopsis = docs.Synopsis(type),
            Parameters = ordered,
            ParameterSets = sets,
            DefaultParameterSet = defaultSet,
            OutputTypes = type.GetCustomAttributes<OutputTypeAttribute>()
                .SelectMany(o => o.Type).Select(t => t.Type?.FullName ?? t.Name).Where(n => n != "System.Void").ToList(),
        };
    }

    private static ParameterModel? Parameter(PropertyInfo property, IReadOnlyList<string> description, string? defaultValue)
    {
        List<ParameterAttribute> attributes = property.GetCustomAttributes<ParameterAttribute>().ToList();
        if (attributes.Count == 0) return null;
        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        Type element = type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        var sets = new Dictionary<string, ParameterSetEntry>();
        foreach (ParameterAttribute a in attributes)
            sets[a.ParameterSetName ?? ParameterModel.AllSets] = new ParameterSetEntry(
                a.Mandatory, a.Position == int.MinValue ? null : a.Position, a.ValueFromPipeline, a.ValueFromPipelineByPropertyName);
        return new ParameterModel
        {
            Name = property.Name,
            TypeName = type.FullName ?? type.Name,
            ShortTypeName = type.Name,
            IsSwitch = type == typeof(SwitchParameter),
            Description = description,
            Aliases = property.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames).ToList(),
            AcceptedValues = property.GetCustomAttribute<ValidateSetAttribute>()?.ValidValues.ToList()
                             ?? (element.IsEnum ? Enum.GetNames(element).ToList() : new List<string>()),
            DefaultValue = defaultValue,
            Sets = sets,
        };
    }

    /// <summary>
    /// The [PSDefaultValue] of a parameter (its Help text, else its Value); False for a switch; otherwise None. Declared
    /// rather than read from a constructed cmdlet: creating one would run TaskRuns.dll's module initializer, which
    /// registers an assembly resolver on the default load context of whatever process hosts the generator.
    /// </summary>
    private static string DefaultOf(PropertyInfo property)
    {
        if (property.GetCustomAttribute<PSDefaultValueAttribute>() is { } declared)
            return declared.Help ?? (declared.Value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : declared.Value?.ToString()) ?? "None";
        return property.PropertyType == typeof(SwitchParameter) ? "False" : "None";
    }

    /// <summary>
    /// The properties of the parameter object a cmdlet returns from IDynamicParameters.GetDynamicParameters (WaitParameters),
    /// in source order. Without running the cmdlet, the object's type is read from the return type of the cmdlet's public
    /// GetDynamicParameters() (the interface's own returns object, which would say nothing), so a cmdlet with dynamic
    /// parameters must declare one; PowerShell lists them after the cmdlet's static parameters, and so does the help.
    /// </summary>
    private static IEnumerable<PropertyInfo> DynamicParameterProperties(Type type)
    {
        if (!typeof(IDynamicParameters).IsAssignableFrom(type)) return Enumerable.Empty<PropertyInfo>();
        MethodInfo? method = type.GetMethod(nameof(IDynamicParameters.GetDynamicParameters), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (method is null || method.ReturnType == typeof(object) || method.ReturnType == typeof(RuntimeDefinedParameterDictionary))
            throw new InvalidOperationException(
                $"{type.Name} implements IDynamicParameters but declares no public GetDynamicParameters() returning its parameter class: the help cannot describe its dynamic parameters.");
        return method.ReturnType.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken);
    }

    /// <summary>Properties from the base-most class to the cmdlet class, each class in source order.</summary>
    private static IEnumerable<PropertyInfo> DeclaredPropertiesBaseFirst(Type type)
    {
        var chain = new List<Type>();
        for (Type? t = type; t != null && t != typeof(PSCmdlet) && t != typeof(object); t = t.BaseType) chain.Add(t);
        chain.Reverse();
        return chain.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken));
    }

    private sealed class BuildFolderLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public BuildFolderLoadContext(string folder) : base("TaskRuns.HelpGenerator", isCollectible: true) => _folder = folder;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is null || !name.Name.StartsWith("TaskRuns", StringComparison.Ordinal)) return null;
            string path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
