using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace TaskRuns
{
    /// <summary>
    /// Makes TaskRuns.Engine and its third-party assemblies (Polly, …) load from the module's dependencies/ folder without
    /// clashing with other modules' copies: on PowerShell 7 into a private AssemblyLoadContext, on Windows PowerShell 5.1
    /// through AppDomain.AssemblyResolve (which only answers for files in dependencies/, and for TaskRuns.Model beside
    /// TaskRuns.dll). The public model is never isolated: users name its types.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal static readonly string DependencyFolder =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        private static bool IsCore => Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false) != null
            && !RuntimeDescription().StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>Registers the resolver when the module is imported (again, after a Remove-Module).</summary>
        public void OnImport() => RegisterResolver();

        private static bool _desktopRegistered;

        internal static void RegisterResolver()
        {
            if (IsCore) DependencyLoadContext.Register(DependencyFolder);
            else if (!_desktopRegistered)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
                _desktopRegistered = true;
            }
        }

        /// <summary>
        /// Unregisters it when the module is removed (a later import registers it again), and forgets this session's stored keys:
        /// Remove-Module means "done with TaskRuns", so a key stored by Connect-TaskRunProvider must not outlive it.
        /// </summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            ForgetSessionConnections();
            if (IsCore) DependencyLoadContext.Unregister();
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
                _desktopRegistered = false;
            }
        }

        // A method of its own: TaskRuns.Engine is resolved when it is compiled, while the resolver is still registered.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void ForgetSessionConnections()
        {
            Guid runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
            foreach (Model.TaskRunProvider provider in (Model.TaskRunProvider[])Enum.GetValues(typeof(Model.TaskRunProvider)))
                Http.SessionConnections.Remove(runspace, provider);
        }

        private static Assembly? ResolveOnDesktop(object? sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name ?? string.Empty;
            string folder = string.Equals(name, "TaskRuns.Model", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(DependencyFolder) ?? "." : DependencyFolder;
            string path = Path.Combine(folder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        private static string RuntimeDescription() =>
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    }
}
