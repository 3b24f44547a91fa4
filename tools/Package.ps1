<#
.SYNOPSIS
    Packages the built module folder (out/TaskRuns) as a Gallery-style .nupkg in a local file repository and as
    TaskRuns.zip for offline import (Expand-Archive into a PSModulePath folder, Azure Automation's module import).
.DESCRIPTION
    First checks the module folder against tools/Package.Contents.txt (the one list of what ships: nothing missing,
    nothing extra such as test assemblies, the emulator, obj/ or .pdb files). Then:
    - <OutputPath>/repository/TaskRuns.<version>.nupkg, made by Publish-PSResource into a local file repository
      (registered under a unique temporary name and unregistered again);
    - <OutputPath>/TaskRuns.zip with one top-level TaskRuns/ folder holding the manifest (no version folder): Azure
      Automation wants the zip, the folder and the manifest to share one name.
.EXAMPLE
    dotnet build TaskRuns.sln -c Release; dotnet pwsh ./tools/Package.ps1
#>
[CmdletBinding()]
param(
    [string] $ModuleFolder = "$PSScriptRoot/../out/TaskRuns",
    [string] $OutputPath = "$PSScriptRoot/../out"
)
$ErrorActionPreference = 'Stop'
$ModuleFolder = (Resolve-Path $ModuleFolder).Path
if ((Split-Path $ModuleFolder -Leaf) -ne 'TaskRuns') { throw "The module folder must be named TaskRuns: $ModuleFolder" }
$null = New-Item -ItemType Directory -Force $OutputPath
$OutputPath = (Resolve-Path $OutputPath).Path

$expected = Get-Content "$PSScriptRoot/Package.Contents.txt" | Where-Object { $_ -and -not $_.StartsWith('#') } | Sort-Object
$actual = Get-ChildItem -Recurse -File $ModuleFolder |
    ForEach-Object { [System.IO.Path]::GetRelativePath($ModuleFolder, $_.FullName).Replace('\', '/') } | Sort-Object
$diff = Compare-Object $expected $actual
if ($diff) {
    $missing = ($diff | Where-Object SideIndicator -eq '<=').InputObject
    $extra = ($diff | Where-Object SideIndicator -eq '=>').InputObject
    throw ("$ModuleFolder does not match tools/Package.Contents.txt.`n  missing: {0}`n  unexpected: {1}" -f ($missing -join ', '), ($extra -join ', '))
}
$manifest = Test-ModuleManifest "$ModuleFolder/TaskRuns.psd1"
$prerelease = $manifest.PrivateData.PSData.Prerelease
$version = if ($prerelease) { "$($manifest.Version)-$prerelease" } else { "$($manifest.Version)" }

$repositoryPath = Join-Path $OutputPath 'repository'
$null = New-Item -ItemType Directory -Force $repositoryPath
Remove-Item "$repositoryPath/TaskRuns.$version.nupkg" -ErrorAction SilentlyContinue
$repositoryName = "TaskRunsLocal-$([guid]::NewGuid().ToString('n'))"
Register-PSResourceRepository -Name $repositoryName -Uri $repositoryPath -Trusted
try {
    Publish-PSResource -Path $ModuleFolder -Repository $repositoryName
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName
}

$zip = Join-Path $OutputPath 'TaskRuns.zip'
Remove-Item $zip -ErrorAction SilentlyContinue
Add-Type -AssemblyName System.IO.Compression.FileSystem
# includeBaseDirectory: every entry starts with TaskRuns/ (forward slashes on every OS).
[System.IO.Compression.ZipFile]::CreateFromDirectory($ModuleFolder, $zip, 'Optimal', $true)

[pscustomobject]@{
    Version = $version
    Nupkg   = (Get-Item "$repositoryPath/TaskRuns.$version.nupkg").FullName
    Zip     = $zip
}
