using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace TaskRuns
{
    /// <summary>
    /// PowerShell 7 only (never touched on Windows PowerShell): a private load context for TaskRuns.Engine and the
    /// third-party assemblies in dependencies/. Assemblies the platform itself provides (System.Text.Json,
    /// System.Memory, …) are shared with PowerShell instead, so types like Span&lt;T&gt; stay one type. So is the public
    /// model, TaskRuns.Model, which lives beside TaskRuns.dll in the default context, where PowerShell resolves type names.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private const string EngineName = "TaskRuns.Engine";
        internal const string ModelName = "TaskRuns.Model";
        private static readonly object Gate = new();
        private static HashSet<string> _answeredForDefault = new(StringComparer.OrdinalIgnoreCase);
        private static DependencyLoadContext? _instance;
        private static bool _registered;
        private readonly string _folder;
        private readonly HashSet<string> _platform;

        private DependencyLoadContext(string folder)
        {
            _folder = folder;
            _platform = PlatformAssemblyNames();
        }

        public static void Register(string folder)
        {
            lock (Gate)
            {
                _instance ??= new DependencyLoadContext(folder);
                if (_registered) return;
                _answeredForDefault = DirectDependencies(folder, _instance._platform);
                Default.Resolving += ResolveEngine;
                _registered = true;
            }
        }

        public static void Unregister()
        {
            lock (Gate)
            {
                if (!_registered) return;
                Default.Resolving -= ResolveEngine;
                _registered = false;
            }
        }

        // The default context asks only for what TaskRuns.dll references directly from dependencies/ (the engine, and
        // Microsoft.Bcl.AsyncInterfaces where the platform lacks it); it gets this context's copy, so both sides share one
        // type identity. Everything the engine references is resolved by this context's Load, never by the default context.
        // The model is answered from the module folder into the default context itself (whoever asks first), never privately.
        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
        {
            if (string.Equals(name.Name, ModelName, StringComparison.OrdinalIgnoreCase))
            {
                string path = Path.Combine(Path.GetDirectoryName(_instance?._folder ?? ".") ?? ".", ModelName + ".dll");
                return File.Exists(path) ? Default.LoadFromAssemblyPath(path) : null;
            }
            return name.Name != null && _answeredForDefault.Contains(name.Name) ? _instance?.LoadFromAssemblyName(name) : null;
        }

        private static HashSet<string> DirectDependencies(string folder, HashSet<string> platform)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { EngineName };
            foreach (AssemblyName reference in typeof(DependencyLoadContext).Assembly.GetReferencedAssemblies())
            {
                if (reference.Name != null && !platform.Contains(reference.Name) && File.Exists(Path.Combine(folder, reference.Name + ".dll")))
                    names.Add(reference.Name);
            }
            return names;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            // null: the default context's copy is used (the platform's, PowerShell's, and the shared model).
            if (name.Name is null || _platform.Contains(name.Name) || string.Equals(name.Name, ModelName, StringComparison.OrdinalIgnoreCase)) return null;
            string path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static HashSet<string> PlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
                foreach (string path in list.Split(Path.PathSeparator))
                    if (path.Length > 0) names.Add(Path.GetFileNameWithoutExtension(path));
            // PowerShell's own assemblies are shared too.
            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                string? n = loaded.GetName().Name;
                if (n != null && (n.StartsWith("System.", StringComparison.Ordinal) || n.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal))) names.Add(n);
            }
            names.Remove(EngineName);
            return names;
        }
    }
}
