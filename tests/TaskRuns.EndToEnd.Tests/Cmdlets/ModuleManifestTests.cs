using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

public sealed class ModuleManifestTests
{
    [Fact]
    public void The_built_module_imports_in_a_fresh_runspace_and_exports_exactly_the_documented_cmdlets()
    {
        using var ps = new PowerShellSession();
        var names = ps.Run("(Get-Module TaskRuns).ExportedCmdlets.Keys").ThrowIfErrors().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "Connect-TaskRunProvider", "Disconnect-TaskRunProvider", "Get-TaskRun", "Get-TaskRunLog", "Get-TaskRunPage", "Get-TaskRunProvider", "Get-TaskRunTask", "Start-TaskRun", "Stop-TaskRun", "Wait-TaskRun" }, names);
        var manifest = ps.Run("Test-ModuleManifest $args[0] | ForEach-Object { $_.CompatiblePSEditions; $_.PowerShellVersion.ToString() }", ModulePaths.Manifest).ThrowIfErrors();
        Assert.Equal(new[] { "Desktop", "Core", "5.1" }, manifest.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_module_folder_ships_no_PowerShell_assembly_of_its_own()
    {
        string folder = Path.GetDirectoryName(ModulePaths.Manifest)!;
        Assert.False(File.Exists(Path.Combine(folder, "System.Management.Automation.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "dependencies", "Polly.Core.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "dependencies", "TaskRuns.Engine.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "Polly.Core.dll")), "third-party assemblies live in dependencies/, loaded privately");
        Assert.True(File.Exists(Path.Combine(folder, "TaskRuns.Format.ps1xml")));
    }
}
