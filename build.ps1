<#
.SYNOPSIS
    Builds, tests or demonstrates TaskRuns. A thin wrapper over dotnet; `dotnet build TaskRuns.sln -c Release` alone
    also leaves the importable module at out/TaskRuns.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo')]
    [string] $Task = 'Build',
    [string] $Configuration = 'Release',
    [int] $Port = 5199
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

dotnet build TaskRuns.sln -c $Configuration
if ($LASTEXITCODE) { exit $LASTEXITCODE }

if ($Task -eq 'Test') {
    dotnet test TaskRuns.sln -c $Configuration --no-build
    exit $LASTEXITCODE
}

if ($Task -eq 'Demo') {
    # Start the emulator on loopback, run the tour (tools/Demo.ps1) against it, stop the emulator.
    $key = 'demo-key'
    $password = 'demo-password'
    $origin = "http://127.0.0.1:$Port"
    $emulator = Start-Process dotnet -PassThru -NoNewWindow -ArgumentList @(
        'run', '--project', 'src/TaskRuns.Emulator', '-c', $Configuration, '--no-build', '--',
        '--urls', $origin, '--api-key', $key, '--runwisp-password', $password)
    try {
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            try { $null = Invoke-RestMethod "$origin/_emulator/stats"; break }
            catch { if ((Get-Date) -gt $deadline) { throw "The emulator did not start on $origin." }; Start-Sleep -Milliseconds 250 }
        }
        & ./tools/Demo.ps1 -Origin $origin -ApiKey $key -RunWispPassword $password -ModulePath ./out/TaskRuns/TaskRuns.psd1
    }
    finally {
        Stop-Process -Id $emulator.Id -ErrorAction SilentlyContinue
    }
}
