# Shared by every *.Tests.ps1: start/stop the built emulator (dotnet <dll>, one process, no `dotnet run` child) on a
# free loopback port, import out/TaskRuns/TaskRuns.psd1 as a user would, and read the emulator's request counters.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

function Get-RepoRoot { $script:RepoRoot }

function Start-TestEmulator {
    <# Starts bin/Release's TaskRuns.Emulator.dll on 127.0.0.1:0 and returns @{ Process; Origin; ApiKey; Password }. #>
    param([string[]] $ArgumentList = @())
    $dll = Get-ChildItem "$script:RepoRoot/src/TaskRuns.Emulator/bin/Release/*/TaskRuns.Emulator.dll" | Select-Object -First 1
    if (-not $dll) { throw 'Build first: dotnet build TaskRuns.sln -c Release' }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll.FullName, '--urls', 'http://127.0.0.1:0', '--api-key', 'pester-key', '--runwisp-password', 'pester-password') + $ArgumentList) {
        $info.ArgumentList.Add($a)
    }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    # The emulator prints "TaskRuns.Emulator listening on http://127.0.0.1:<port> (api key: ...)" once bound.
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait(60000) -or $read.Result -notmatch 'listening on (http://\S+)') {
        Stop-TestEmulator @{ Process = $process }
        throw "The emulator did not report its address: $($read.Result)"
    }
    [pscustomobject]@{
        Process  = $process
        Origin   = $Matches[1]
        ApiKey   = ConvertTo-SecureString 'pester-key' -AsPlainText -Force
        Password = ConvertTo-SecureString 'pester-password' -AsPlainText -Force
    }
}

function Stop-TestEmulator {
    param($Emulator)
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Import-TaskRunsModule {
    Import-Module "$script:RepoRoot/out/TaskRuns/TaskRuns.psd1" -Force -Global
}

function Connect-TestProviders {
    param($Emulator)
    Connect-TaskRunProvider -Provider Anchor -BaseUri $Emulator.Origin -ApiKey $Emulator.ApiKey
    Connect-TaskRunProvider -Provider RunWisp -BaseUri $Emulator.Origin -Credential ([pscredential]::new('runwisp', $Emulator.Password))
    Connect-TaskRunProvider -Provider Deck -BaseUri "$($Emulator.Origin)/v2" -ApiKey $Emulator.ApiKey
    Connect-TaskRunProvider -Provider BrowserAct -BaseUri $Emulator.Origin -ApiKey $Emulator.ApiKey
}

function Get-EmulatorStats {
    param($Emulator)
    Invoke-RestMethod "$($Emulator.Origin)/_emulator/stats"
}

function Reset-EmulatorStats {
    param($Emulator)
    $null = Invoke-RestMethod -Method Post "$($Emulator.Origin)/_emulator/reset-stats"
}

function Set-EmulatorFault {
    <# Forces a fault (POST /_emulator/faults): the provider's next -Count requests after -AfterRequests get -Fault. #>
    param($Emulator, [string] $Provider, [string] $Fault, [int] $Count = 1, [int] $AfterRequests = 0)
    $body = @{ provider = $Provider.ToLowerInvariant(); fault = $Fault; count = $Count; afterRequests = $AfterRequests } | ConvertTo-Json
    $null = Invoke-RestMethod -Method Post "$($Emulator.Origin)/_emulator/faults" -ContentType 'application/json' -Body $body
}

function Clear-EmulatorFault {
    param($Emulator)
    $null = Invoke-RestMethod -Method Delete "$($Emulator.Origin)/_emulator/faults"
}

function Get-EmulatorInFlight {
    <# Provider requests the emulator is handling now (open event streams included), summed over the providers or of one. #>
    param($Emulator, [string] $Provider)
    $stats = Get-EmulatorStats $Emulator
    $names = if ($Provider) { @($Provider.ToLowerInvariant()) } else { 'anchor', 'runwisp', 'deck', 'browseract' }
    ($names | ForEach-Object { [long]$stats.$_.inFlight } | Measure-Object -Sum).Sum
}

function Wait-EmulatorIdle {
    <# Waits until the emulator handles no provider request; returns how long that took (a TimeSpan), or throws. #>
    param($Emulator, [TimeSpan] $Timeout = [TimeSpan]::FromSeconds(5))
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while ((Get-EmulatorInFlight $Emulator) -gt 0) {
        if ($clock.Elapsed -gt $Timeout) { throw "The emulator still handles $(Get-EmulatorInFlight $Emulator) request(s) after $Timeout." }
        Start-Sleep -Milliseconds 20
    }
    $clock.Elapsed
}

function New-TaskRunsRunspace {
    <# A second runspace of this pwsh with out/TaskRuns/TaskRuns.psd1 imported and, given an emulator, all four
       providers connected to it (connections belong to a runspace). Dispose it when done. #>
    param($Emulator)
    $runspace = [runspacefactory]::CreateRunspace()
    $runspace.Open()
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $runspace
        $null = $ps.AddScript({
            param($psd1, $helpers, $emulator)
            Import-Module $psd1 -ErrorAction Stop
            if ($emulator) { Import-Module $helpers; Connect-TestProviders $emulator }
        }).AddArgument("$script:RepoRoot/out/TaskRuns/TaskRuns.psd1").AddArgument($PSCommandPath).AddArgument($Emulator)
        $null = $ps.Invoke()
        if ($ps.HadErrors) { throw "Setting up the runspace failed: $($ps.Streams.Error | Select-Object -First 1)" }
    } finally { $ps.Dispose() }
    $runspace
}

function Test-PortListening {
    <# True when something accepts TCP connections on 127.0.0.1:$Port. #>
    param([int] $Port)
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.ConnectAsync('127.0.0.1', $Port).Wait(1000) } catch { $false } finally { $client.Dispose() }
}

Export-ModuleMember -Function *
