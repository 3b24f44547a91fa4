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
    $key = 'demo-key'
    $origin = "http://127.0.0.1:$Port"
    $emulator = Start-Process dotnet -PassThru -NoNewWindow -ArgumentList @(
        'run', '--project', 'src/TaskRuns.Emulator', '-c', $Configuration, '--no-build', '--',
        '--urls', $origin, '--api-key', $key)
    try {
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            try { $null = Invoke-RestMethod "$origin/_emulator/stats"; break }
            catch { if ((Get-Date) -gt $deadline) { throw "The emulator did not start on $origin." }; Start-Sleep -Milliseconds 250 }
        }
        $env:ANCHORBROWSER_API_KEY = $key
        $env:ANCHORBROWSER_BASE_URL = $origin
        Import-Module ./out/TaskRuns/TaskRuns.psd1 -Force

        $task = Get-TaskRunTask -Provider Anchor | Select-Object -First 1
        "Anchor task $($task.TaskId) ($($task.Name)): the ten newest executions"
        Get-TaskRun -Provider Anchor -TaskId $task.TaskId -First 10 | Format-Table
        $all = Get-TaskRun -Provider Anchor -TaskId $task.TaskId -All
        "All executions: $($all.Count); failures: $(($all | Where-Object Status -eq failure).Count)"
        $page = Get-TaskRunPage -Provider Anchor -TaskId $task.TaskId -PageSize 25
        "First page: $($page.Items.Count) of $($page.TotalCount); resume with -NextPageToken $($page.NextPageToken)"
    }
    finally {
        Stop-Process -Id $emulator.Id -ErrorAction SilentlyContinue
    }
}
