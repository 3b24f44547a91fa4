using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>A dedicated emulator, so connection counts belong to these tests alone.</summary>
public sealed class CoexistenceEmulatorFixture : EmulatorFixture
{
    protected override void Configure(TaskRuns.Emulator.EmulatorOptions options) => options.RunsPerTask = 600;
}

/// <summary>TaskRuns beside other modules' dependency versions, in parallel runspaces, and on the netstandard2.0 surface only.</summary>
public sealed class CoexistenceTests : IClassFixture<CoexistenceEmulatorFixture>
{
    private readonly CoexistenceEmulatorFixture _emulator;

    public CoexistenceTests(CoexistenceEmulatorFixture emulator) => _emulator = emulator;

    private string AnchorTask => _emulator.Host.Store.TaskIds("anchor")[0];

    private static string ProbeFolder =>
        AppContext.BaseDirectory.Replace(Path.Combine("TaskRuns.EndToEnd.Tests", "bin"), Path.Combine("TaskRuns.IsolationProbe", "bin"));

    private Dictionary<string, List<string>> RunProbe(string? preload)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(ProbeFolder, "TaskRuns.IsolationProbe.dll"), ModulePaths.Manifest, _emulator.BaseUri.ToString(), EmulatorFixture.ApiKey, AnchorTask })
            start.ArgumentList.Add(arg);
        if (preload != null) start.ArgumentList.Add(Path.Combine(ProbeFolder, preload, "Polly.Core.dll"));
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "probe did not finish");
        Assert.True(process.ExitCode == 0, $"probe exit {process.ExitCode}: {output} {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0], p => p[1]).ToDictionary(g => g.Key, g => g.ToList());
    }

    [Theory]
    [InlineData("polly-8.1.0", "8.1.0")]
    [InlineData("polly-8.6.5", "8.6.5")]
    public void The_module_works_after_another_version_of_its_dependency_was_loaded_first(string folder, string version)
    {
        var probe = RunProbe(folder);
        string expected = _emulator.Host.Store.RunCount("anchor", AnchorTask).ToString();
        Assert.Equal(version, probe["preloaded"].Single().Split('+')[0]);
        Assert.False(probe.ContainsKey("error"), string.Join("\n", probe.GetValueOrDefault("error") ?? new()));
        Assert.Equal(expected, probe["count"].Single());
        Assert.Equal(expected, probe["reimport"].Single()); // Remove-Module and a second import in the same session
        // The other version stays in the default context; the engine and its own Polly live in TaskRuns' private context.
        Assert.Contains($"Polly.Core|Default|{version}", probe["loaded"]);
        Assert.Contains("Polly.Core|DependencyLoadContext|8.5.2", probe["loaded"]);
        Assert.Contains(probe["loaded"], l => l.StartsWith("TaskRuns.Engine|DependencyLoadContext|"));
    }

    [Fact]
    public void Sixteen_parallel_runspaces_list_correctly_over_shared_pooled_connections()
    {
        var before = _emulator.Host.Stats.ConnectionsOpened;
        var requestsBefore = _emulator.Host.Stats.Anchor.Requests;
        using var ps = new PowerShellSession(_emulator.BaseUri);
        var result = ps.Run("""
            $manifest = $args[0]; $task = $args[1]
            1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
                Import-Module $using:manifest
                $n = 0; $ids = @{}
                Get-TaskRun -Provider Anchor -BaseUri $using:EmulatorUri -ApiKey $using:key -TaskId $using:task -All -PageSize 20 |
                    ForEach-Object { $n++; $ids[$_.Id] = 1 }
                "$n/$($ids.Count)"
            }
            """, ModulePaths.Manifest, AnchorTask).ThrowIfErrors();
        int expected = _emulator.Host.Store.RunCount("anchor", AnchorTask);
        Assert.Equal(Enumerable.Repeat($"{expected}/{expected}", 16), result.Output.Select(o => o.ToString()));
        long requests = _emulator.Host.Stats.Anchor.Requests - requestsBefore;
        long connections = _emulator.Host.Stats.ConnectionsOpened - before;
        Assert.True(requests >= 16 * (expected / 20), $"{requests} requests");
        // One pooled HttpClient per origin for the whole process: connections are reused across runspaces.
        Assert.True(connections <= 40, $"{connections} connections for {requests} requests");
    }

    [Theory]
    [InlineData("TaskRuns.dll")]
    [InlineData("TaskRuns.Model.dll")]
    [InlineData("dependencies/TaskRuns.Engine.dll")]
    public void The_module_assemblies_are_built_against_netstandard2_0_only(string file)
    {
        // Windows PowerShell 5.1 runs on .NET Framework 4.6.2+: the module may only use the netstandard2.0 surface.
        string path = Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, file);
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader md = pe.GetMetadataReader();
        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("netstandard", references);
        var allowed = new HashSet<string>
        {
            "netstandard", "System.Management.Automation", "TaskRuns.Model", "TaskRuns.Engine", "Polly.Core", "System.Text.Json",
            "Microsoft.Bcl.AsyncInterfaces", "System.Threading.Tasks.Extensions", "System.Memory", "System.Buffers",
            "System.Runtime.Loader", // TaskRuns.dll only, used behind a PowerShell 7 check
        };
        Assert.All(references, r => Assert.True(allowed.Contains(r), $"{file} references {r}"));
        if (file.Contains("Engine")) Assert.DoesNotContain("System.Runtime.Loader", references);
        string? framework = md.GetAssemblyDefinition().GetCustomAttributes()
            .Select(h => md.GetCustomAttribute(h))
            .Where(a => a.Constructor.Kind == HandleKind.MemberReference)
            .Select(a => (Attribute: a, Type: md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent))
            .Where(x => x.Type.Kind == HandleKind.TypeReference && md.GetString(md.GetTypeReference((TypeReferenceHandle)x.Type).Name) == "TargetFrameworkAttribute")
            .Select(x => System.Text.Encoding.UTF8.GetString(md.GetBlobBytes(x.Attribute.Value)))
            .SingleOrDefault();
        Assert.Contains(".NETStandard,Version=v2.0", framework);
    }
}
