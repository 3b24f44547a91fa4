# What users pipe TaskRun objects into in the shell.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator -ArgumentList '--runs', '1000'   # 10 pages of 100 per Anchor task
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    $taskId = (Get-TaskRunTask -Provider Anchor | Select-Object -First 1).TaskId
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'Pipelines over Get-TaskRun' {
    It 'Select-Object -First 3 stops paging long before -All would' {
        Reset-EmulatorStats $emulator
        $null = Get-TaskRun -Provider Anchor -TaskId $taskId -All
        $everyPage = (Get-EmulatorStats $emulator).anchor.listRequests
        Reset-EmulatorStats $emulator
        # One page at a time: with parallel pages (the default) the pages already in flight are fetched too.
        $runs = @(Get-TaskRun -Provider Anchor -TaskId $taskId -All -ThrottleLimit 1 | Select-Object -First 3)
        $runs.Count | Should -Be 3
        Start-Sleep -Milliseconds 500
        $everyPage | Should -BeGreaterOrEqual 10
        (Get-EmulatorStats $emulator).anchor.listRequests | Should -BeLessOrEqual 3 -Because 'the first page, its prefetched successor and at most one more: paging stops once Select-Object has its three runs'
    }
    It 'Where-Object, Sort-Object and Group-Object work on Status and StartedAt' {
        $all = @(Get-TaskRun -Provider Anchor -TaskId $taskId -All)
        $failed = @($all | Where-Object Status -eq failure)
        $failed.Count | Should -BeGreaterThan 0
        $failed.Status | Should -Not -Contain 'Success'
        $sorted = @($all | Sort-Object CreatedAt)
        $sorted[0].CreatedAt | Should -BeLessOrEqual $sorted[-1].CreatedAt
        $groups = $all | Group-Object Status
        ($groups | Measure-Object Count -Sum).Sum | Should -Be $all.Count
        $groups.Name | Should -Contain 'Success'
    }
    It 'Export-Csv then Import-Csv | Get-TaskRun gets the same runs back' {
        $csv = Join-Path $TestDrive 'runs.csv'
        $runs = @(Get-TaskRun -Provider Anchor -TaskId $taskId -First 3)
        $runs | Export-Csv $csv
        $again = @(Import-Csv $csv | Get-TaskRun)
        $again.Id | Should -Be $runs.Id
    }
    It 'Export-Csv then Import-Csv | Wait-TaskRun binds the rows by property name and waits on the same runs' {
        $csv = Join-Path $TestDrive 'wait.csv'
        $deckTask = (Get-TaskRunTask -Provider Deck | Select-Object -First 1).TaskId
        $started = Start-TaskRun -Provider Deck -TaskId $deckTask   # the emulator ends it after about 3 s
        $ended = Get-TaskRun -Provider Anchor -TaskId $taskId -Status Failure -First 1
        $started, $ended | Export-Csv $csv
        $rows = @(Import-Csv $csv)
        $rows[0] | Should -BeOfType [pscustomobject] -Because 'Import-Csv gives plain rows: only their property names tie them to runs'
        $waited = @($rows | Wait-TaskRun -PollInterval 0.5 -Timeout 60)
        $waited.Count | Should -Be 2
        @($waited.Id | Sort-Object) | Should -Be @(@($started.Id, $ended.Id) | Sort-Object)
        $done = $waited | Where-Object Id -eq $started.Id
        $done.Provider | Should -Be 'Deck'
        $done.Status | Should -Be 'Success' -Because 'the started run was waited on until it ended'
        $done.IsTerminal | Should -BeTrue
        ($waited | Where-Object Id -eq $ended.Id).Status | Should -Be 'Failure'
    }
    It 'Export-Clixml / Import-Clixml runs go into Wait-TaskRun and Stop-TaskRun -WhatIf' {
        $xml = Join-Path $TestDrive 'runs.xml'
        $runs = @(Get-TaskRun -Provider Deck -First 2)
        $runs | Export-Clixml $xml
        $back = Import-Clixml $xml
        $waited = @($back | Wait-TaskRun -Timeout 30 -PollInterval 1 -ErrorAction SilentlyContinue)
        $waited.Count | Should -BeGreaterThan 0
        Reset-EmulatorStats $emulator
        $back | Stop-TaskRun -WhatIf
        (Get-EmulatorStats $emulator).deck.requests | Should -Be 0 -Because '-WhatIf sends no stop request'
    }
}

Describe 'Error records as users inspect them' {
    It 'an unknown run id gives an ErrorRecord with an id, a category and the target' {
        $Error.Clear()
        Get-TaskRun -Provider Anchor -TaskId $taskId -Id 'no-such-run' -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Match ',TaskRuns\.'
        $problems[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        $problems[0].TargetObject | Should -Not -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be $problems[0].FullyQualifiedErrorId
    }
    It '-ErrorAction Stop throws, Ignore leaves $Error alone' {
        { Get-TaskRun -Provider Anchor -TaskId $taskId -Id 'no-such-run' -ErrorAction Stop } | Should -Throw
        $Error.Clear()
        Get-TaskRun -Provider Anchor -TaskId $taskId -Id 'no-such-run' -ErrorAction Ignore
        $Error.Count | Should -Be 0
    }
}

Describe 'Modules and runspaces' {
    It 'Remove-Module then Import-Module works again' {
        Remove-Module TaskRuns
        Import-TaskRunsModule
        (Get-Command Get-TaskRun).Module.Name | Should -Be 'TaskRuns'
    }
    It 'imports in a second runspace of this pwsh ([runspacefactory] / [powershell]::Create) and lists runs there' {
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $null = $ps.AddScript({
                param($psd1, $origin, $key)
                Import-Module $psd1
                Connect-TaskRunProvider -Provider Deck -BaseUri "$origin/v2" -ApiKey $key
                Get-TaskRun -Provider Deck -First 5
            }).AddArgument((Join-Path (Get-RepoRoot) 'out/TaskRuns/TaskRuns.psd1')).AddArgument($emulator.Origin).AddArgument($emulator.ApiKey)
            $runs = @($ps.Invoke())
            $ps.Streams.Error | Should -BeNullOrEmpty
            $runs.Count | Should -Be 5
            $runs[0].GetType().FullName | Should -Be 'TaskRuns.Model.DeckTaskRun'
            @($runs.Id) | Should -Be @((Get-TaskRun -Provider Deck -BaseUri "$($emulator.Origin)/v2" -ApiKey $emulator.ApiKey -First 5).Id) -Because 'both runspaces read the same emulator'
        } finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }
    It 'imports in ForEach-Object -Parallel and Start-ThreadJob' {
        $psd1 = Join-Path (Get-RepoRoot) 'out/TaskRuns/TaskRuns.psd1'
        $names = 1..2 | ForEach-Object -Parallel { Import-Module $using:psd1; (Get-TaskRunProvider).Name.Count } -ThrottleLimit 2
        $names | Should -Be @(4, 4)
        $job = Start-ThreadJob { Import-Module $using:psd1; (Get-TaskRunProvider).Name.Count }
        $job | Wait-Job -Timeout 60 | Receive-Job | Should -Be 4
        $job | Remove-Job -Force
    }
}
