using System.Runtime.CompilerServices;

namespace TaskRuns
{
    /// <summary>
    /// Registers the dependency resolver as soon as TaskRuns.dll is first used — before PowerShell reflects over the
    /// cmdlets (their parameter and output types live in TaskRuns.Engine), which happens before OnImport.
    /// </summary>
    internal static class EarlyResolverRegistration
    {
        [ModuleInitializer]
        internal static void Register() => ModuleInitializer.RegisterResolver();
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>netstandard2.0 lacks this attribute; the C# compiler only needs its name.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}
