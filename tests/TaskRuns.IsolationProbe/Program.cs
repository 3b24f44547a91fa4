// Usage: TaskRuns.IsolationProbe <manifest> <emulator-uri> <api-key> <anchor-task-id> [<Polly.Core.dll to preload>]
// Prints key=value lines the end-to-end test reads.
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;

string manifest = args[0], uri = args[1], key = args[2], task = args[3];
if (args.Length > 4)
{
    Assembly preloaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(args[4]));
    Console.WriteLine("preloaded=" + preloaded.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
}

using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
string Run(string script)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script).AddArgument(manifest).AddArgument(uri).AddArgument(key).AddArgument(task);
    var output = ps.Invoke();
    foreach (var e in ps.Streams.Error) Console.WriteLine("error=" + e.FullyQualifiedErrorId + ": " + e);
    return string.Join(",", output.Select(o => o?.ToString()));
}

const string List = """
    $secure = [System.Security.SecureString]::new(); foreach ($c in $args[2].ToCharArray()) { $secure.AppendChar($c) }
    $n = 0; Get-TaskRun -Provider Anchor -BaseUri $args[1] -ApiKey $secure -TaskId $args[3] -All -MaxRetries 0 | ForEach-Object { $n++ }; $n
    """;
Console.WriteLine("count=" + Run("Import-Module $args[0] -ErrorAction Stop;" + List));
Console.WriteLine("reimport=" + Run("Remove-Module TaskRuns; Import-Module $args[0] -ErrorAction Stop;" + List));

foreach (AssemblyLoadContext context in AssemblyLoadContext.All)
{
    foreach (Assembly a in context.Assemblies.Where(a => a.GetName().Name is "Polly.Core" or "TaskRuns.Engine"))
    {
        string version = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        Console.WriteLine($"loaded={a.GetName().Name}|{(context == AssemblyLoadContext.Default ? "Default" : context.GetType().Name)}|{version.Split('+')[0]}");
    }
}
