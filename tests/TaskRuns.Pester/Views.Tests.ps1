# Default views as a user sees them in an 80- and a 120-column console.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    function Render($objects, [int] $width) { ($objects | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() } }
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'The TaskRun table' {
    It '<Provider> at <Width> columns shows Status, Started and Duration whole' -ForEach @(
        foreach ($p in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') { foreach ($w in 80, 120) { @{ Provider = $p; Width = $w } } }
    ) {
        $task = Get-TaskRunTask -Provider $Provider | Where-Object TaskId -ne 'always-fails' | Select-Object -First 1
        $runs = @(Get-TaskRun -Provider $Provider -TaskId $task.TaskId -First 20)
        $lines = Render $runs $Width
        $lines[0] | Should -Match '\bStatus\b'
        $lines[0] | Should -Match '\bStarted\b'
        $lines[0] | Should -Match '\bDuration\b'
        foreach ($run in $runs) {
            $t = if ($run.StartedAt) { $run.StartedAt } else { $run.CreatedAt }
            $started = ([DateTimeOffset]$t).LocalDateTime.ToString('yyyy-MM-dd HH:mm')
            $line = $lines | Where-Object { $_.Contains($run.Id) }
            $line | Should -Match ("^{0}\s+{1}\s+(\S+\s+)?{2}" -f $run.Status, [regex]::Escape($started), [regex]::Escape($run.Id)) -Because "run $($run.Id) shows whole Status, Started and Id"
            if ($run.Duration) { $line | Should -Match ("{0}\s+(\d+\.\ds|\d+m\d\ds|\d+h\d\dm)\s+{1}" -f [regex]::Escape($started), [regex]::Escape($run.Id)) -Because 'the duration shows whole' }
        }
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Width }
    }

    It 'shows the whole run id at 120 columns' {
        $task = Get-TaskRunTask -Provider Anchor | Select-Object -First 1
        $runs = @(Get-TaskRun -Provider Anchor -TaskId $task.TaskId -First 3)
        $text = ($runs | Out-String -Width 120)
        foreach ($run in $runs) { $text | Should -Match ([regex]::Escape($run.Id)) }
    }

    It 'shows a run list view with every common field' {
        $run = Get-TaskRun -Provider Deck -First 1
        $text = $run | Format-List | Out-String -Width 80
        foreach ($name in 'Status', 'StartedAt', 'Duration', 'Id', 'TaskId') { $text | Should -Match "$name\s+:" }
    }
}

Describe 'The other output types at 80 and 120 columns' {
    It 'TaskRunPage at <Width> keeps Provider, Count, TotalCount and HasMore' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $task = Get-TaskRunTask -Provider Anchor | Select-Object -First 1
        $lines = Render (Get-TaskRunPage -Provider Anchor -TaskId $task.TaskId -PageSize 25) $Width
        $lines[0] | Should -Match 'Provider\s+Count\s+TotalCount\s+HasMore\s+NextPageToken'
        $lines[2] | Should -Match '^Anchor\s+25\s+\d+\s+True'
    }
    It 'TaskRunTask at <Width> shows whole ids and names' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $tasks = foreach ($p in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') { Get-TaskRunTask -Provider $p }
        $text = Render $tasks $Width | Out-String
        foreach ($t in $tasks) { $text | Should -Match ([regex]::Escape($t.TaskId)) ; $text | Should -Match ([regex]::Escape($t.Name)) }
    }
    It 'TaskRunProviderInfo at <Width> shows every provider, whether it has a key and its whole base URI' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = Render (Get-TaskRunProvider) $Width | Out-String
        foreach ($p in Get-TaskRunProvider) { $text | Should -Match ('{0}\s+{1}\s+{2}\s+{3}' -f $p.Name, $p.HasCredential, $p.BaseUriSource, [regex]::Escape([string]$p.BaseUri)) }
        if ($Width -ge 120) { foreach ($p in Get-TaskRunProvider) { $text | Should -Match ('(?m){0}\s+{1}\s*$' -f $p.PagingStyle, $p.MaxPageSize) } }
    }
}
