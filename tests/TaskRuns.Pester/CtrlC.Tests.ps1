# Ctrl+C as a user presses it in real pwsh: during a slow Get-TaskRun -All and during Wait-TaskRun the stop completes
# within a second, the shell stays usable and the emulator is left with no request in flight (/_emulator/stats inFlight).
# The pipeline is stopped the way the console host stops it on Ctrl+C (PowerShell.Stop on the running pipeline: each
# command's StopProcessing), in a second runspace of this pwsh; the last test presses a real Ctrl+C in pwsh under tmux.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    # 1200 runs a task: more than one page at every provider's largest page size (RunWisp 1000, BrowserAct 500).
    # Each runspace signs in to RunWisp once: no login limit, so the file can open several.
    $emulator = Start-TestEmulator -ArgumentList '--runs', '1200', '--runwisp-login-limit', '0'
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    $runspace = New-TaskRunsRunspace $emulator
    $running = @{}
    foreach ($p in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') { $running[$p] = Get-TaskRun -Provider $p -Status Running -First 1 }
    # How long a stop may take. A stop that waits for the stalled request (the emulator's 'slow' fault: 10 s) or for the
    # next poll (60 s) is far above it; a correct one takes milliseconds, so the second is room for a loaded machine.
    $stopLimit = [TimeSpan]::FromSeconds(1)

    function Stop-AfterStart {
        <# Runs $script in $runspace, waits until -Ready says the command is where it should be stopped, stops it as
           Ctrl+C does and returns what happened. #>
        param([string] $Script, [object[]] $Arguments = @(), [scriptblock] $Ready, [TimeSpan] $ReadyTimeout = [TimeSpan]::FromSeconds(20))
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        while (-not (& $Ready $output)) {
            if ($handle.IsCompleted) { throw "The command ended before it was stopped: $($ps.InvocationStateInfo.State) $($ps.Streams.Error | Select-Object -First 1)" }
            if ($clock.Elapsed -gt $ReadyTimeout) { $ps.Stop(); throw 'The command never reached the point to stop it at.' }
            Start-Sleep -Milliseconds 20
        }
        $inFlightAtStop = Get-EmulatorInFlight $emulator
        $stop = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $ended = $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30))
        $stop.Stop()
        $state = $ps.InvocationStateInfo.State
        $ps.Dispose()
        [pscustomobject]@{ Ended = $ended; StopTime = $stop.Elapsed; State = $state; Output = @($output); InFlightAtStop = $inFlightAtStop }
    }

    function Test-RunspaceUsable {
        <# The runspace runs the next command normally: a fresh request against the emulator answers. #>
        param([string] $Provider)
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript('param($p) Get-TaskRun -Provider $p -First 2').AddArgument($Provider)
            @($ps.Invoke()).Count
        } finally { $ps.Dispose() }
    }
}
AfterAll {
    if ($runspace) { $runspace.Dispose() }
    Stop-TestEmulator $emulator
}

Describe 'Ctrl+C during a slow Get-TaskRun -All' {
    AfterEach { Clear-EmulatorFault $emulator }

    It '<Provider>: stops within a second while a page is stalled, leaves no request running, the shell goes on' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'RunWisp' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        $task = (Get-TaskRunTask -Provider $Provider | Where-Object TaskId -ne 'always-fails' | Select-Object -First 1).TaskId
        # The first request answers (runs reach the output), every later one stalls for 10 s: a slow listing in progress.
        Set-EmulatorFault $emulator -Provider $Provider -Fault slow -Count 50 -AfterRequests 1
        # Stopped once the first page is all out and the listing waits on a stalled page (not while runs are still
        # being written: a write after the stop ends the command by itself, whatever the cancellation does).
        $result = Stop-AfterStart 'param($p, $t) Get-TaskRun -Provider $p -TaskId $t -All' -Arguments $Provider, $task -Ready {
            param($output)
            $count = $output.Count
            Start-Sleep -Milliseconds 200
            $count -gt 0 -and $output.Count -eq $count -and (Get-EmulatorInFlight $emulator -Provider $Provider) -gt 0
        }
        $result.Ended | Should -BeTrue -Because 'the stopped pipeline ends'
        $result.State | Should -Be 'Stopped'
        $result.Output.Count | Should -BeGreaterThan 0 -Because 'runs were being listed when Ctrl+C came'
        $result.InFlightAtStop | Should -BeGreaterThan 0 -Because 'a page request was stalled when Ctrl+C came'
        $result.StopTime | Should -BeLessThan $stopLimit -Because "the stalled page must not be waited for (took $($result.StopTime.TotalMilliseconds) ms)"
        (Wait-EmulatorIdle $emulator -Timeout ([TimeSpan]::FromSeconds(2))) | Should -BeLessThan ([TimeSpan]::FromSeconds(1)) -Because 'the stalled request is given up (the connection closed), not left running'
        Clear-EmulatorFault $emulator
        Test-RunspaceUsable $Provider | Should -Be 2 -Because 'the shell runs the next command'
    }
}

Describe 'Ctrl+C during Wait-TaskRun' {
    AfterEach { Clear-EmulatorFault $emulator }

    It '<Provider>: stops within a second between two polls, leaves no request (nor event stream) open' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'RunWisp' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        Reset-EmulatorStats $emulator
        $run = $running[$Provider]
        $key = $Provider.ToLowerInvariant()
        # Seeded running runs never end: the wait polls once, then sleeps for the 60 s poll interval.
        $result = Stop-AfterStart 'param($run) $run | Wait-TaskRun -PollInterval 60 -Timeout 00:10:00' -Arguments (, $run) -Ready {
            $stats = Get-EmulatorStats $emulator
            # Polled once, and nothing in flight but (RunWisp) the event stream: the wait is sleeping.
            $stats.$key.requests -ge 1 -and $stats.$key.inFlight -le [int]($Provider -eq 'RunWisp') -and $clock.Elapsed.TotalMilliseconds -gt 500
        }
        $result.Ended | Should -BeTrue
        $result.State | Should -Be 'Stopped'
        $result.StopTime | Should -BeLessThan $stopLimit -Because "the next poll (60 s) must not be waited for (took $($result.StopTime.TotalMilliseconds) ms)"
        (Wait-EmulatorIdle $emulator -Timeout ([TimeSpan]::FromSeconds(2))) | Should -BeLessThan ([TimeSpan]::FromSeconds(1))
        Test-RunspaceUsable $Provider | Should -Be 2
    }

    It '<Provider>: stops within a second inside a stalled poll' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'RunWisp' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        $run = $running[$Provider]
        Set-EmulatorFault $emulator -Provider $Provider -Fault slow -Count 50
        $result = Stop-AfterStart 'param($run) $run | Wait-TaskRun -PollInterval 1 -Timeout 00:10:00' -Arguments (, $run) -Ready {
            (Get-EmulatorInFlight $emulator -Provider $Provider) -gt 0 -and $clock.Elapsed.TotalMilliseconds -gt 300
        }
        $result.Ended | Should -BeTrue
        $result.State | Should -Be 'Stopped'
        $result.InFlightAtStop | Should -BeGreaterThan 0
        $result.StopTime | Should -BeLessThan $stopLimit -Because "the stalled poll must not be waited for (took $($result.StopTime.TotalMilliseconds) ms)"
        (Wait-EmulatorIdle $emulator -Timeout ([TimeSpan]::FromSeconds(2))) | Should -BeLessThan ([TimeSpan]::FromSeconds(1))
        Clear-EmulatorFault $emulator
        Test-RunspaceUsable $Provider | Should -Be 2
    }
}

Describe 'A real Ctrl+C in pwsh under tmux' -Skip:(-not (Get-Command tmux -ErrorAction Ignore)) {
    BeforeAll {
        # Its own tmux server (socket in TestDrive), an 80x24 window running pwsh 7.6.9 from the tool manifest, as a user has it.
        $socket = Join-Path $TestDrive 'tmux.sock'
        $promptFile = Join-Path $TestDrive 'prompt.txt'
        $init = Join-Path $TestDrive 'init.ps1'
        $task = (Get-TaskRunTask -Provider Anchor | Select-Object -First 1).TaskId
        @"
Import-Module '$(Get-RepoRoot)/out/TaskRuns/TaskRuns.psd1'
Import-Module '$PSScriptRoot/TestHelpers.psm1'
Connect-TestProviders ([pscustomobject]@{ Origin = '$($emulator.Origin)'; ApiKey = (ConvertTo-SecureString 'pester-key' -AsPlainText -Force); Password = (ConvertTo-SecureString 'pester-password' -AsPlainText -Force) })
# Each prompt notes when it was drawn: the test times Ctrl+C to the next prompt.
function prompt { Set-Content -LiteralPath '$promptFile' ([DateTime]::UtcNow.Ticks); 'PS> ' }
"@ | Set-Content $init
        function Invoke-Tmux { & tmux -S $socket @args }
        function Get-Screen { (Invoke-Tmux capture-pane -p -t pester) -join "`n" }
        function Wait-Screen([scriptblock] $Condition, [int] $Seconds = 60) {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while (-not (& $Condition (Get-Screen))) {
                if ($clock.Elapsed.TotalSeconds -gt $Seconds) { throw "The screen never showed what was expected:`n$(Get-Screen)" }
                Start-Sleep -Milliseconds 50
            }
        }
        function Get-PromptTicks { if (Test-Path $promptFile) { [long](Get-Content $promptFile) } else { 0 } }
        function Send-CtrlC {
            <# Presses Ctrl+C once the command is at it (-Ready), returns how long until the next prompt was drawn. #>
            param([scriptblock] $Ready)
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while (-not (& $Ready)) {
                if ($clock.Elapsed.TotalSeconds -gt 30) { throw "The command never got going:`n$(Get-Screen)" }
                Start-Sleep -Milliseconds 20
            }
            $before = Get-PromptTicks
            $pressed = [DateTime]::UtcNow.Ticks
            Invoke-Tmux send-keys -t pester C-c
            $clock.Restart()
            while ((Get-PromptTicks) -eq $before) {
                if ($clock.Elapsed.TotalSeconds -gt 30) { throw "No prompt came back after Ctrl+C:`n$(Get-Screen)" }
                Start-Sleep -Milliseconds 20
            }
            [TimeSpan]::FromTicks((Get-PromptTicks) - $pressed)
        }
        Invoke-Tmux new-session -d -s pester -x 80 -y 24 -c (Get-RepoRoot) "dotnet pwsh -NoProfile -NoLogo -NoExit -File '$init'"
        Wait-Screen { param($s) $s -match '(?m)^PS>' }
    }
    AfterAll {
        Invoke-Tmux kill-server 2>$null
        Clear-EmulatorFault $emulator
    }

    It 'stops Get-TaskRun -All within a second of Ctrl+C, with no request left running, and the prompt takes the next command' {
        Set-EmulatorFault $emulator -Provider Anchor -Fault slow -Count 50 -AfterRequests 1
        Invoke-Tmux send-keys -t pester "Get-TaskRun -Provider Anchor -TaskId $task -All" Enter
        # Ctrl+C once the first page is on the screen and nothing moves: the listing waits on a stalled page.
        $took = Send-CtrlC {
            $screen = Get-Screen
            Start-Sleep -Milliseconds 300
            $screen -match '(?m)\sAnchor\s+[0-9a-f]{8}-[0-9a-f-]{27}\s*$' -and $screen -eq (Get-Screen) -and (Get-EmulatorInFlight $emulator -Provider Anchor) -gt 0
        }
        $took | Should -BeLessThan $stopLimit -Because "Ctrl+C must not wait for the stalled page (took $($took.TotalMilliseconds) ms)"
        (Wait-EmulatorIdle $emulator -Timeout ([TimeSpan]::FromSeconds(2))) | Should -BeLessThan ([TimeSpan]::FromSeconds(1))
        Clear-EmulatorFault $emulator
        Invoke-Tmux send-keys -t pester 'clear; (Get-TaskRun -Provider Deck -First 3).Count * 14' Enter
        Wait-Screen { param($s) $s -match '(?m)^42\s*$' } -Seconds 30
    }

    It 'stops Wait-TaskRun within a second of Ctrl+C' {
        $run = $running['Deck']
        $before = (Get-EmulatorStats $emulator).deck.requests
        Invoke-Tmux send-keys -t pester "clear; Wait-TaskRun -Provider Deck -Id $($run.Id) -PollInterval 60" Enter
        # Ctrl+C once the wait shows its progress, has polled and sleeps (nothing in flight, the screen still).
        $took = Send-CtrlC {
            $screen = Get-Screen
            Start-Sleep -Milliseconds 300
            $screen -match 'Wait-TaskRun \[0 of 1' -and $screen -eq (Get-Screen) -and
                (Get-EmulatorStats $emulator).deck.requests -gt $before -and (Get-EmulatorInFlight $emulator) -eq 0
        }
        $took | Should -BeLessThan $stopLimit -Because "Ctrl+C must not wait for the next poll (took $($took.TotalMilliseconds) ms)"
        Get-EmulatorInFlight $emulator | Should -Be 0
        Invoke-Tmux send-keys -t pester "'alive ' + (6 * 7)" Enter
        Wait-Screen { param($s) $s -match '(?m)^alive 42\s*$' } -Seconds 30
    }
}
