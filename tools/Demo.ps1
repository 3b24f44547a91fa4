<#
.SYNOPSIS
    A tour of TaskRuns against a running TaskRuns.Emulator: for every provider, its tasks, the newest runs, every run
    with -All, a page and the token that resumes it, and a new run started; then all four new runs waited for at once.
.DESCRIPTION
    `./build.ps1 -Task Demo` starts the emulator and runs this script. To run it yourself against an emulator you
    started (`dotnet run --project src/TaskRuns.Emulator -c Release -- --urls http://127.0.0.1:5199`):
        ./tools/Demo.ps1 -Origin http://127.0.0.1:5199
    It uses only the core PowerShell cmdlets and TaskRuns, so it runs in Windows PowerShell 5.1 and PowerShell 7.
.EXAMPLE
    ./tools/Demo.ps1 -Origin http://127.0.0.1:5199 -ApiKey emulator-key -RunWispPassword emulator-password
#>
[CmdletBinding()]
param(
    # The emulator's origin; Deck is served under /v2 of it.
    [Parameter(Mandatory = $true)]
    [string] $Origin,
    # The emulator's --api-key (its default is emulator-key).
    [string] $ApiKey = 'emulator-key',
    # The emulator's --runwisp-password (its default is emulator-password).
    [string] $RunWispPassword = 'emulator-password',
    [string] $ModulePath = "$PSScriptRoot/../out/TaskRuns/TaskRuns.psd1"
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module TaskRuns)) { Import-Module $ModulePath }

# Connect once per provider; every later command of this session uses the stored key and base URI.
$key = [System.Net.NetworkCredential]::new('', $ApiKey).SecurePassword
$password = [System.Net.NetworkCredential]::new('', $RunWispPassword).SecurePassword
Connect-TaskRunProvider -Provider Anchor -BaseUri $Origin -ApiKey $key
Connect-TaskRunProvider -Provider RunWisp -BaseUri $Origin -Credential ([pscredential]::new('runwisp', $password))
Connect-TaskRunProvider -Provider Deck -BaseUri "$Origin/v2" -ApiKey $key
Connect-TaskRunProvider -Provider BrowserAct -BaseUri $Origin -ApiKey $key

$started = [System.Collections.Generic.List[object]]::new()
foreach ($provider in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') {
    # The first task that has runs (RunWisp's always-fails has none yet).
    $task = $null
    foreach ($candidate in Get-TaskRunTask -Provider $provider) {
        if (@(Get-TaskRun -Provider $provider -TaskId $candidate.TaskId -First 1 -WarningAction SilentlyContinue).Count -gt 0) { $task = $candidate; break }
    }
    "== $provider task $($task.TaskId) ($($task.Name)): the five newest runs"
    Get-TaskRun -Provider $provider -TaskId $task.TaskId -First 5

    $all = @(Get-TaskRun -Provider $provider -TaskId $task.TaskId -All)
    $failed = @($all | Where-Object Status -eq Failure)
    "$provider`: $($all.Count) runs listed with -All, $($failed.Count) of them failed"

    $page = Get-TaskRunPage -Provider $provider -TaskId $task.TaskId -PageSize 25
    $next = Get-TaskRunPage -Provider $provider -TaskId $task.TaskId -NextPageToken $page.NextPageToken
    $resumed = $next.Items.Count -gt 0 -and $next.Items[0].Id -eq $all[25].Id
    "$provider`: a page of $($page.Items.Count) runs; its token resumed at run 26: $resumed"

    $run = Start-TaskRun -Provider $provider -TaskId $task.TaskId -Confirm:$false
    "$provider`: started run $($run.Id), $($run.Status)"
    $started.Add($run)
}

"== Waiting for the four runs just started"
$started | Wait-TaskRun -Timeout 120 -PollInterval 1
