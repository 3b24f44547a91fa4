# build.ps1 as a contributor runs it: a child pwsh, twice in a row, nothing left behind. Tagged Slow: the nested
# `-Task Test -Fast` run skips Slow tests, so Test inside Test does not recurse.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $root = Get-RepoRoot
    # The repo's pinned pwsh as a contributor starts it (the local tool manifest is found from the repo root).
    function Invoke-Build { Push-Location $root; try { (& dotnet pwsh -NoProfile -File "$root/build.ps1" @args 2>&1 | Out-String) -replace "\e\[[0-9;]*m", "" } finally { Pop-Location } }
    function Get-FreePort { $l = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0); $l.Start(); try { $l.LocalEndpoint.Port } finally { $l.Stop() } }
    # Only emulators of this checkout: other checkouts on the machine run their own.
    function Get-EmulatorProcessIds { @(Get-Process dotnet -ErrorAction SilentlyContinue | Where-Object { $_.CommandLine -match 'TaskRuns\.Emulator' -and $_.CommandLine.Contains($root) } | ForEach-Object Id) }
}

Describe 'build.ps1 run twice in a child pwsh' -Tag Slow {
    It '-Task Demo works and frees its port and emulator each time' {
        $before = Get-EmulatorProcessIds
        foreach ($attempt in 1, 2) {
            $port = Get-FreePort
            $output = Invoke-Build -Task Demo -NoBuild -Port $port
            $LASTEXITCODE | Should -Be 0 -Because $output
            $output | Should -Match 'Waiting for the four runs'
            Test-PortListening $port | Should -BeFalse -Because 'the emulator must be gone when build.ps1 returns'
            @(Get-EmulatorProcessIds | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty
        }
    }
    It '-Task Build works twice' {
        foreach ($attempt in 1, 2) {
            $output = Invoke-Build -Task Build
            $LASTEXITCODE | Should -Be 0 -Because $output
        }
    }
    # One small Pester file is enough to prove the Test task's plumbing (restore, emulator, results, exit code); the
    # whole suite already runs once around this test.
    It '-Task Test -Fast passes twice and leaves no emulator' {
        $before = Get-EmulatorProcessIds
        foreach ($attempt in 1, 2) {
            $output = Invoke-Build -Task Test -NoBuild -Fast -PesterPath "$root/tests/TaskRuns.Pester/Views.Tests.ps1"
            $LASTEXITCODE | Should -Be 0 -Because $output
            $output | Should -Match 'Tests Passed: [1-9]'
            @(Get-EmulatorProcessIds | Where-Object { $_ -notin $before }) | Should -BeNullOrEmpty
        }
    }
}
