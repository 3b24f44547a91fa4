<#
.SYNOPSIS
    Runs the Pester suite (or the files given) in this pwsh with the Pester that tools/Pester/Pester.proj restored from
    NuGet, and writes TestResults/Pester.xml (NUnitXml). Exit code: the number of failed tests (0 = all passed).
.EXAMPLE
    dotnet pwsh ./tests/TaskRuns.Pester/Invoke-PesterSuite.ps1 -Path ./tests/TaskRuns.Pester/Views.Tests.ps1
#>
param(
    [string[]] $Path = @($PSScriptRoot),
    [string] $ResultPath = "$PSScriptRoot/../../TestResults/Pester.xml",
    # Skip tests tagged Slow (build.ps1 runs nested in a test uses this so Test inside Test does not recurse).
    [switch] $Fast
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path "$PSScriptRoot/../..").Path
$proj = "$root/tools/Pester/Pester.proj"
$version = ([xml](Get-Content -Raw $proj)).Project.PropertyGroup.PesterVersion
dotnet restore $proj --verbosity quiet | Out-Host
if ($LASTEXITCODE) { throw "dotnet restore $proj failed." }
$cache = ((dotnet nuget locals global-packages -l) -replace '^global-packages:\s*', '').Trim()
Import-Module (Join-Path $cache "pester/$version/tools/Pester.psd1") -Force

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.Exit = $false
$config.Run.PassThru = $true
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$ResultPath = [System.IO.Path]::GetFullPath($ResultPath)
$config.TestResult.OutputPath = $ResultPath
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'   # no ANSI escapes: they are invalid in the XML report
if ($Fast) { $config.Filter.ExcludeTag = 'Slow' }
$null = New-Item -ItemType Directory -Force (Split-Path $ResultPath)
$result = Invoke-Pester -Configuration $config
exit ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount)
