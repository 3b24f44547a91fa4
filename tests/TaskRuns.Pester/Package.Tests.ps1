# The module as users get it: packaged once by tools/Package.ps1, then installed by name from a local PSResourceGet
# repository, or expanded from TaskRuns.zip, each in a fresh pwsh with its own PSModulePath and scratch home folder,
# and used against the emulator.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $root = Get-RepoRoot
    $script:Emulator = Start-TestEmulator
    $script:Scratch = Join-Path ([System.IO.Path]::GetTempPath()) "taskruns-package-$([guid]::NewGuid().ToString('n'))"
    $script:ExpectedFiles = Get-Content "$root/tools/Package.Contents.txt" | Where-Object { $_ -and -not $_.StartsWith('#') } | Sort-Object

    # Two versions of one module: the build's, and a scratch copy whose manifest says 0.99.0.
    $script:Version1 = "$((Import-PowerShellDataFile "$root/out/TaskRuns/TaskRuns.psd1").ModuleVersion)"
    $script:Version2 = '0.99.0'
    $copy = Join-Path $Scratch 'v2/TaskRuns'
    $null = New-Item -ItemType Directory -Force (Split-Path $copy)
    Copy-Item -Recurse "$root/out/TaskRuns" $copy
    $manifestPath = Join-Path $copy 'TaskRuns.psd1'
    (Get-Content -Raw $manifestPath) -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`$1'$Version2'" | Set-Content -NoNewline $manifestPath

    $script:Package1 = & "$root/tools/Package.ps1" -OutputPath (Join-Path $Scratch 'pkg')
    $script:Package2 = & "$root/tools/Package.ps1" -ModuleFolder $copy -OutputPath (Join-Path $Scratch 'pkg2')
    $script:Repository = Join-Path $Scratch 'pkg/repository'
    Copy-Item $Package2.Nupkg $Repository

    # Runs $Script in a new pwsh whose HOME, XDG folders and PSModulePath lie under $HomeFolder; the script gets the
    # emulator through the provider environment variables and writes its findings as JSON to $env:TR_RESULT.
    function Invoke-ChildPwsh([string] $HomeFolder, [string] $Script, [hashtable] $Environment = @{}) {
        foreach ($dir in 'modules', '.local/share', '.config', '.cache') { $null = New-Item -ItemType Directory -Force (Join-Path $HomeFolder $dir) }
        $scriptFile = Join-Path $HomeFolder "child-$([guid]::NewGuid().ToString('n')).ps1"
        $resultFile = "$scriptFile.json"
        Set-Content $scriptFile ($script:ChildPrelude + "`n" + $Script)
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in "$PSHOME/pwsh.dll", '-NoProfile', '-NonInteractive', '-File', $scriptFile) { $info.ArgumentList.Add($a) }
        $info.WorkingDirectory = $HomeFolder
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $env = @{
            HOME = $HomeFolder; XDG_DATA_HOME = "$HomeFolder/.local/share"; XDG_CONFIG_HOME = "$HomeFolder/.config"
            XDG_CACHE_HOME = "$HomeFolder/.cache"; PSModulePath = "$HomeFolder/modules"; TR_RESULT = $resultFile
            TR_REPOSITORY = $script:Repository; TR_ZIP = $script:Package1.Zip
            TR_VERSION1 = $script:Version1; TR_VERSION2 = $script:Version2
            ANCHORBROWSER_BASE_URL = $script:Emulator.Origin; ANCHORBROWSER_API_KEY = 'pester-key'
        }
        foreach ($k in $Environment.Keys) { $env[$k] = $Environment[$k] }
        foreach ($k in $env.Keys) { $info.Environment[$k] = $env[$k] }
        $process = [System.Diagnostics.Process]::Start($info)
        try {
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            if (-not $process.WaitForExit(120000)) { throw 'The child pwsh did not finish in 120 s.' }
            if ($process.ExitCode -or -not (Test-Path $resultFile)) {
                throw "The child pwsh failed (exit $($process.ExitCode)):`n$stdout`n$($stderr.Result)"
            }
        }
        finally { if (-not $process.HasExited) { $process.Kill($true) } }
        Get-Content -Raw $resultFile | ConvertFrom-Json
    }

    # Defined in every child: import TaskRuns by name and use it as a user would.
    $script:ChildPrelude = @'
$ErrorActionPreference = 'Stop'
function Use-TaskRuns([string] $RequiredVersion) {
    $import = @{ Name = 'TaskRuns'; PassThru = $true }
    if ($RequiredVersion) { $import.RequiredVersion = $RequiredVersion }
    $module = Import-Module @import
    $task = Get-TaskRunTask -Provider Anchor | Select-Object -First 1
    $runs = @(Get-TaskRun -Provider Anchor -TaskId $task.TaskId -First 3)
    $manifest = Import-PowerShellDataFile (Join-Path $module.ModuleBase 'TaskRuns.psd1')
    [ordered]@{
        ModuleBase = $module.ModuleBase
        Version    = "$($module.Version)"
        Runs       = $runs.Count
        RunType    = $runs[0].GetType().FullName
        Examples   = @((Get-Help Get-TaskRun -Examples).examples.example).Count
        Commands   = @(Get-Command -Module TaskRuns | ForEach-Object Name | Sort-Object)
        Exports    = @($manifest.CmdletsToExport + $manifest.FunctionsToExport + $manifest.AliasesToExport | Sort-Object)
    }
}
function Save-Result($Result) { $Result | ConvertTo-Json -Depth 4 | Set-Content $env:TR_RESULT }
function Install-TaskRuns([string] $Version) {
    if (-not (Get-PSResourceRepository -Name TaskRunsLocal -ErrorAction SilentlyContinue)) {
        Register-PSResourceRepository -Name TaskRunsLocal -Uri $env:TR_REPOSITORY
    }
    Install-PSResource TaskRuns -Version $Version -Prerelease -Repository TaskRunsLocal -TrustRepository -Scope CurrentUser
}
'@
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    if ($script:Scratch) { Remove-Item -Recurse -Force $script:Scratch -ErrorAction SilentlyContinue }
}

Describe 'TaskRuns installed from the local repository with Install-PSResource' {
    BeforeAll {
        $script:HomeFolder = Join-Path $Scratch 'home-install'
        $script:Result = Invoke-ChildPwsh $HomeFolder @'
Install-TaskRuns $env:TR_VERSION1
$result = Use-TaskRuns
$result.Installed = @(Get-InstalledPSResource TaskRuns -Scope CurrentUser).Count
Remove-Module TaskRuns
Uninstall-PSResource TaskRuns -Scope CurrentUser
$result.InstalledAfterUninstall = @(Get-InstalledPSResource TaskRuns -Scope CurrentUser -ErrorAction SilentlyContinue).Count
$result.AvailableAfterUninstall = @(Get-Module -ListAvailable TaskRuns).Count
$result.BaseExistsAfterUninstall = Test-Path $result.ModuleBase
Save-Result $result
'@
    }

    It 'imports by name from the current user''s module folder under the scratch home' {
        $Result.ModuleBase | Should -BeLike "$HomeFolder*"
        $Result.Version | Should -Be $Version1
        $Result.Installed | Should -Be 1
    }
    It 'lists runs against the emulator' {
        $Result.Runs | Should -Be 3
        $Result.RunType | Should -BeLike 'TaskRuns.Model.*TaskRun'
    }
    It 'has help with examples' { $Result.Examples | Should -BeGreaterThan 0 }
    It 'exports exactly the manifest''s commands' { $Result.Commands | Should -Be $Result.Exports }
    It 'is gone after Uninstall-PSResource' {
        $Result.InstalledAfterUninstall | Should -Be 0
        $Result.AvailableAfterUninstall | Should -Be 0
        $Result.BaseExistsAfterUninstall | Should -BeFalse
    }
}

Describe 'TaskRuns.zip expanded into a PSModulePath folder' {
    BeforeAll {
        $script:HomeFolder = Join-Path $Scratch 'home-zip'
        $script:Result = Invoke-ChildPwsh $HomeFolder @'
Expand-Archive $env:TR_ZIP -DestinationPath (Join-Path $env:HOME 'modules')
Save-Result (Use-TaskRuns)
'@
    }

    It 'imports by name from <modules>/TaskRuns' {
        $Result.ModuleBase | Should -Be (Join-Path $HomeFolder 'modules/TaskRuns')
        $Result.Version | Should -Be $Version1
    }
    It 'lists runs against the emulator' { $Result.Runs | Should -Be 3 }
    It 'has help with examples' { $Result.Examples | Should -BeGreaterThan 0 }
    It 'exports exactly the manifest''s commands' { $Result.Commands | Should -Be $Result.Exports }
}

Describe 'Two versions installed side by side' {
    BeforeAll {
        # One process per import: both versions load an assembly named TaskRuns, which one process holds once.
        $script:HomeFolder = Join-Path $Scratch 'home-two'
        $script:First = Invoke-ChildPwsh $HomeFolder @'
Install-TaskRuns $env:TR_VERSION1
Install-TaskRuns $env:TR_VERSION2
$result = Use-TaskRuns -RequiredVersion $env:TR_VERSION1
$result.Installed = @(Get-InstalledPSResource TaskRuns -Scope CurrentUser | ForEach-Object { "$($_.Version)" } | Sort-Object)
Save-Result $result
'@
        $script:Second = Invoke-ChildPwsh $HomeFolder 'Save-Result (Use-TaskRuns -RequiredVersion $env:TR_VERSION2)'
    }

    It 'keeps both installed' { $First.Installed | Should -Be @($Version1, $Version2 | Sort-Object) }
    It 'Import-Module -RequiredVersion picks each' {
        $First.Version | Should -Be $Version1
        $Second.Version | Should -Be $Version2
        $First.ModuleBase | Should -Not -Be $Second.ModuleBase
        $Second.Runs | Should -Be 3
    }
}

Describe 'Package contents' {
    It 'the .nupkg holds exactly tools/Package.Contents.txt besides the NuGet metadata' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package1.Nupkg)
        try { $entries = @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) } finally { $zip.Dispose() }
        $metadata = '^(TaskRuns\.nuspec|\[Content_Types\]\.xml|_rels/.*|package/services/metadata/.*)$'
        ($entries -notmatch $metadata | Sort-Object) | Should -Be $ExpectedFiles
    }
    It 'TaskRuns.zip holds exactly TaskRuns/ + tools/Package.Contents.txt' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package1.Zip)
        try { $entries = @($zip.Entries | ForEach-Object FullName | Where-Object { -not $_.EndsWith('/') }) } finally { $zip.Dispose() }
        $entries | Should -Not -Match '^(?!TaskRuns/)'
        ($entries -replace '^TaskRuns/' | Sort-Object) | Should -Be $ExpectedFiles
    }
    It 'the expected list holds no test assembly, emulator, obj/ or pdb' {
        $ExpectedFiles | Should -Not -Match '(?i)test|emulator|(^|/)obj/|\.pdb$'
        $ExpectedFiles | Should -Contain 'LICENSE'
        $ExpectedFiles | Should -Contain 'TaskRuns.psd1'
    }
    It 'Package.ps1 refuses a module folder with a file not on the list' {
        $stray = Join-Path $Scratch 'stray/TaskRuns'
        $null = New-Item -ItemType Directory -Force (Split-Path $stray)
        Copy-Item -Recurse "$(Get-RepoRoot)/out/TaskRuns" $stray
        Set-Content (Join-Path $stray 'TaskRuns.pdb') 'x'
        { & "$(Get-RepoRoot)/tools/Package.ps1" -ModuleFolder $stray -OutputPath (Join-Path $Scratch 'stray-out') } |
            Should -Throw '*unexpected: TaskRuns.pdb*'
    }
}

# A prerelease label from the build to the installed module. Tagged Slow: it compiles the module once more, with
# -p:VersionSuffix=preview1, into a scratch folder (ModuleOutDir and OutDir), so out/TaskRuns, which the tests after
# this one import, keeps the build's own manifest.
Describe 'A prerelease build (-p:VersionSuffix=preview1, as build.ps1 -VersionSuffix passes it)' -Tag Slow {
    BeforeAll {
        $root = Get-RepoRoot
        $script:Prefix = ([xml](Get-Content -Raw "$root/Directory.Build.props")).Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
        $script:OutManifestBefore = Get-FileHash "$root/out/TaskRuns/TaskRuns.psd1"
        $pre = Join-Path $Scratch 'prerelease'
        $script:PreModule = Join-Path $pre 'module/TaskRuns'
        $script:BuildOutput = & dotnet build "$root/src/TaskRuns/TaskRuns.csproj" -c Release -p:VersionSuffix=preview1 "-p:ModuleOutDir=$PreModule/" "-p:OutDir=$pre/bin/" 2>&1 | Out-String
        $script:BuildExit = $LASTEXITCODE
        $script:PrePackage = & "$root/tools/Package.ps1" -ModuleFolder $PreModule -OutputPath (Join-Path $pre 'pkg')
        $script:PreRepository = Join-Path $pre 'pkg/repository'
        $script:PreHome = Join-Path $Scratch 'home-prerelease'
        $script:PreResult = Invoke-ChildPwsh $PreHome @'
Register-PSResourceRepository -Name TaskRunsPre -Uri $env:TR_PRE_REPOSITORY
# Without -Prerelease there is nothing to install: the repository holds only the prerelease.
$result = [ordered]@{ Stable = @(Find-PSResource TaskRuns -Repository TaskRunsPre -ErrorAction SilentlyContinue).Count }
Install-PSResource TaskRuns -Prerelease -Repository TaskRunsPre -TrustRepository -Scope CurrentUser
$installed = Get-InstalledPSResource TaskRuns -Scope CurrentUser
$result.InstalledVersion = "$($installed.Version)"
$result.InstalledPrerelease = "$($installed.Prerelease)"
$used = Use-TaskRuns
foreach ($k in $used.Keys) { $result[$k] = $used[$k] }
$module = Get-Module TaskRuns
$result.ModulePrerelease = "$($module.PrivateData.PSData.Prerelease)"
$result.Informational = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $module.ModuleBase 'TaskRuns.dll')).ProductVersion
Save-Result $result
'@ @{ TR_PRE_REPOSITORY = $script:PreRepository }
    }

    It 'builds' { $BuildExit | Should -Be 0 -Because $BuildOutput }
    It 'writes PrivateData.PSData.Prerelease = ''preview1'' into the built manifest' {
        $manifest = Import-PowerShellDataFile (Join-Path $PreModule 'TaskRuns.psd1')
        $manifest.PrivateData.PSData.Prerelease | Should -Be 'preview1'
        $manifest.ModuleVersion | Should -Be $Prefix
        (Test-ModuleManifest (Join-Path $PreModule 'TaskRuns.psd1')).PrivateData.PSData.Prerelease | Should -Be 'preview1'
    }
    It 'packages TaskRuns.(VersionPrefix)-preview1.nupkg' {
        $PrePackage.Version | Should -Be "$Prefix-preview1"
        Split-Path -Leaf $PrePackage.Nupkg | Should -Be "TaskRuns.$Prefix-preview1.nupkg"
        Split-Path -Leaf $PrePackage.Nupkg | Should -Be 'TaskRuns.0.1.0-preview1.nupkg' -Because 'Directory.Build.props says 0.1.0 today; update this line with it'
    }
    It 'installs with Install-PSResource -Prerelease only (a fresh pwsh, own PSModulePath and home) and imports by name' {
        $PreResult.Stable | Should -Be 0
        $PreResult.InstalledVersion | Should -Be $Prefix
        $PreResult.InstalledPrerelease | Should -Be 'preview1'
        $PreResult.ModuleBase | Should -BeLike "$PreHome*"
        $PreResult.ModulePrerelease | Should -Be 'preview1'
        $PreResult.Runs | Should -Be 3
        $PreResult.Commands | Should -Be $PreResult.Exports
    }
    It 'stamps the assemblies with the label (InformationalVersion)' { $PreResult.Informational | Should -BeLike "$Prefix-preview1*" }
    It 'leaves out/TaskRuns as the build made it' {
        (Get-FileHash "$(Get-RepoRoot)/out/TaskRuns/TaskRuns.psd1").Hash | Should -Be $OutManifestBefore.Hash
        (Import-PowerShellDataFile "$(Get-RepoRoot)/out/TaskRuns/TaskRuns.psd1").PrivateData.PSData.Prerelease | Should -BeNullOrEmpty
    }
}
