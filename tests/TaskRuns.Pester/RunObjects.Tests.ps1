# Run objects as users inspect them in real pwsh (issue #15 item 20, issue #14 ConvertTo-Json): the common properties first
# for every run type, one Output rule for every provider, and Duration a TimeSpan in the shell but text in JSON.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    $common = 'Provider', 'Id', 'TaskId', 'Status', 'ProviderStatus', 'IsTerminal', 'CreatedAt', 'StartedAt', 'EndedAt', 'Duration', 'Output', 'OutputText', 'ErrorMessage'
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'Format-List * and Select-Object *' {
    It '<Provider> runs list Provider, Id, Status and the other common properties first' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'RunWisp' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        $run = Get-TaskRun -Provider $Provider -First 1
        $names = @(($run | Format-List * | Out-String -Width 200) -split "`r?`n" | Where-Object { $_ -match '^(\w+)\s+:' } | ForEach-Object { $Matches[1] })
        $names[0..($common.Count - 1)] | Should -Be $common
        $names.Count | Should -BeGreaterThan $common.Count -Because "the $Provider-specific properties follow"
        @(($run | Select-Object *).psobject.Properties.Name)[0..($common.Count - 1)] | Should -Be $common
        (($run | ConvertTo-Csv)[0] -split ',')[0..2] | Should -Be '"Provider"', '"Id"', '"TaskId"'
    }
}

Describe 'Output' {
    It '<Provider>: $run.Output.field reads the JSON output, OutputText keeps the text' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        $run = Get-TaskRun -Provider $Provider -First 300 | Where-Object { "$($_.OutputText)".StartsWith('{') } | Select-Object -First 1
        $run | Should -Not -BeNullOrEmpty
        $expected = $run.OutputText | ConvertFrom-Json
        $run.Output | Should -BeOfType System.Management.Automation.PSCustomObject
        foreach ($field in $expected.psobject.Properties.Name) {
            ($run.Output.$field | ConvertTo-Json -Compress -Depth 5) | Should -Be ($expected.$field | ConvertTo-Json -Compress -Depth 5)
        }
        $field = @($expected.psobject.Properties.Name)[0]
        $null -ne $run.Output.$field | Should -BeTrue -Because '$run.Output.<field> is never silently $null'
    }
    It 'text that is not a JSON object or array stays text in both properties' {
        $run = Get-TaskRun -Provider Anchor -First 300 | Where-Object { $_.OutputText -and -not "$($_.OutputText)".StartsWith('{') } | Select-Object -First 1
        $run | Should -Not -BeNullOrEmpty
        $run.Output | Should -BeOfType string
        $run.Output | Should -Be $run.OutputText
    }
}

Describe 'Duration' {
    BeforeAll { $runs = @(Get-TaskRun -Provider RunWisp -First 20 | Where-Object Duration) }
    It 'is a TimeSpan in the shell: sorts, compares and adds up as one' {
        $runs[0].Duration | Should -BeOfType TimeSpan
        ($runs | Select-Object -First 1 Duration).Duration | Should -BeOfType TimeSpan
        $sorted = @($runs | Sort-Object Duration)
        $sorted[0].Duration | Should -BeLessOrEqual $sorted[-1].Duration
        @($runs | Where-Object Duration -ge '00:00:00').Count | Should -Be $runs.Count
        ($runs[0].Duration + $runs[1].Duration).TotalSeconds | Should -Be ($runs[0].Duration.TotalSeconds + $runs[1].Duration.TotalSeconds)
    }
    It 'is text in ConvertTo-Json, never a dump of ticks, days and hours' -ForEach @(
        @{ Provider = 'Anchor' }, @{ Provider = 'RunWisp' }, @{ Provider = 'Deck' }, @{ Provider = 'BrowserAct' }
    ) {
        $run = Get-TaskRun -Provider $Provider -First 50 | Where-Object Duration | Select-Object -First 1
        $json = $run | ConvertTo-Json -EnumsAsStrings -Depth 5
        $json | Should -Not -Match 'Ticks|TotalMilliseconds'
        $back = $json | ConvertFrom-Json
        $back.Duration | Should -BeOfType string
        $back.Duration | Should -Match '^(\d+\.)?\d\d:\d\d:\d\d(\.\d{7})?$'
        [TimeSpan]::Parse($back.Duration) | Should -Be $run.Duration
        $back.Provider | Should -Be $Provider
        $back.Status | Should -Be "$($run.Status)"
        @($json | Select-String '"Duration"').Count | Should -Be 1
    }
    It 'stays a TimeSpan through Export-Clixml / Import-Clixml, and is text in Export-Csv' {
        $file = Join-Path $TestDrive 'runs.xml'
        $runs | Export-Clixml $file
        (Import-Clixml $file)[0].Duration | Should -BeOfType TimeSpan
        (Import-Clixml $file)[0].Duration | Should -Be $runs[0].Duration
        ($runs[0] | ConvertTo-Csv | ConvertFrom-Csv).Duration | Should -Be $runs[0].Duration.ToString()
    }
}
