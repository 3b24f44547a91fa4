<#
.SYNOPSIS
    Builds, tests or demonstrates TaskRuns. A thin wrapper over dotnet; `dotnet build TaskRuns.sln -c Release` alone
    also leaves the importable module at out/TaskRuns. Run it with the repo's pinned pwsh:
    `dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test`.
.DESCRIPTION
    Test runs the xunit suites (TRX into TestResults/) and then the Pester suite tests/TaskRuns.Pester (Pester from
    NuGet via tools/Pester/Pester.proj, NUnit XML into TestResults/Pester.xml); it fails when either fails.
    -Fast runs only the Pester suite without its Slow-tagged tests (the ones that run build.ps1 itself), so a Pester
    test can run `build.ps1 -Task Test -Fast` without recursing.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Demo
.EXAMPLE
    ./build.ps1 -Task Package   # out/repository/TaskRuns.<version>.nupkg and out/TaskRuns.zip (tools/Package.ps1)
.EXAMPLE
    ./build.ps1 -Task Package -VersionSuffix preview1   # TaskRuns.0.1.0-preview1.nupkg
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',
    [string] $Configuration = 'Release',
    [int] $Port = 5199,
    [switch] $NoBuild,
    [switch] $Fast,
    # A prerelease label (letters and digits, e.g. preview1) for the build: manifest Prerelease, package 0.1.0-preview1.
    [string] $VersionSuffix,
    # Only for Test: one Pester file (or folder) instead of the whole suite.
    [string[]] $PesterPath = @("$PSScriptRoot/tests/TaskRuns.Pester")
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (-not $NoBuild) {
    $versionArgs = @()
    if ($VersionSuffix) { $versionArgs += "-p:VersionSuffix=$VersionSuffix" }
    dotnet build TaskRuns.sln -c $Configuration @versionArgs
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

if ($Task -eq 'Package') {
    & ./tools/Package.ps1 -ModuleFolder "$PSScriptRoot/out/TaskRuns" -OutputPath "$PSScriptRoot/out" | Format-List | Out-Host
    exit 0
}

if ($Task -eq 'Test') {
    $failed = 0
    if (-not $Fast) {
        dotnet test TaskRuns.sln -c $Configuration --no-build --logger trx --results-directory TestResults
        $failed += [int]($LASTEXITCODE -ne 0)
    }
    $pesterArgs = @{ Path = $PesterPath; Fast = $Fast }
    if ($Fast) { $pesterArgs.ResultPath = "$PSScriptRoot/TestResults/Pester.Fast.xml" }
    & ./tests/TaskRuns.Pester/Invoke-PesterSuite.ps1 @pesterArgs
    $failed += [int]($LASTEXITCODE -ne 0)
    exit $failed
}

if ($Task -eq 'Demo') {
    # Start the built emulator (one process: `dotnet <dll>`, not `dotnet run`, whose child would outlive a stop) on
    # loopback, run the tour (tools/Demo.ps1) against it, then kill it with its tree and wait until it has exited, so
    # the port is free when this script returns.
    $key = 'demo-key'
    $password = 'demo-password'
    $origin = "http://127.0.0.1:$Port"
    $dll = Get-ChildItem "src/TaskRuns.Emulator/bin/$Configuration/*/TaskRuns.Emulator.dll" | Select-Object -First 1
    if (-not $dll) { throw "Build first: the emulator is not in src/TaskRuns.Emulator/bin/$Configuration." }
    $emulator = Start-Process dotnet -PassThru -NoNewWindow -ArgumentList @(
        $dll.FullName, '--urls', $origin, '--api-key', $key, '--runwisp-password', $password)
    try {
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            if ($emulator.HasExited) { throw "The emulator exited (code $($emulator.ExitCode)); is port $Port in use?" }
            try { $null = Invoke-RestMethod "$origin/_emulator/stats"; break }
            catch { if ((Get-Date) -gt $deadline) { throw "The emulator did not start on $origin." }; Start-Sleep -Milliseconds 250 }
        }
        & ./tools/Demo.ps1 -Origin $origin -ApiKey $key -RunWispPassword $password -ModulePath ./out/TaskRuns/TaskRuns.psd1
    }
    finally {
        if (-not $emulator.HasExited) { $emulator.Kill($true) }
        $null = $emulator.WaitForExit(10000)
    }
}
