# Default views as a user sees them in an 80- and a 120-column console.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    function Render($objects, [int] $width) { ($objects | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() } }
    function Get-AgeSeconds([string] $age) {
        <# Reads kubectl's age format back (45s, 5m30s, 7d23h, 2y30d): seconds, and the unit of its last part. #>
        $unit = @{ s = 1; m = 60; h = 3600; d = 86400; y = 365 * 86400 }
        $parts = [regex]::Matches($age, '(\d+)([smhdy])')
        if (-not $parts.Count -or ($parts | ForEach-Object Value) -join '' -ne $age) { throw "Not an age: '$age'" }
        [pscustomobject]@{ Seconds = ($parts | ForEach-Object { [long]$_.Groups[1].Value * $unit[$_.Groups[2].Value] } | Measure-Object -Sum).Sum; Unit = $unit[$parts[-1].Groups[2].Value] }
    }
    function Assert-RunLine($lines, $run) {
        <# The run's row shows Status, Age, Duration, Provider and Id whole, in that order, and its age is right. #>
        $t = if ($run.StartedAt) { $run.StartedAt } else { $run.CreatedAt }
        $line = @($lines | Where-Object { $_ -match ('\s{0}(\s|$)' -f [regex]::Escape($run.Id)) })
        $line.Count | Should -Be 1 -Because "run $($run.Id) has one row"
        $duration = '(\d+\.\ds|\d+m\d\ds|\d+h\d\dm)'
        $pattern = '^{0}\s+(?<age>\S+)\s+{1}{2}\s+{3}(\s|$)' -f $run.Status, $(if ($run.Duration) { "$duration" } else { '' }), '', "$($run.Provider)\s+$([regex]::Escape($run.Id))"
        if ($run.Duration) { $pattern = '^{0}\s+(?<age>\S+)\s+{1}\s+{2}\s+{3}(\s|$)' -f $run.Status, $duration, $run.Provider, [regex]::Escape($run.Id) }
        else { $pattern = '^{0}\s+(?<age>\S+)\s+{1}\s+{2}(\s|$)' -f $run.Status, $run.Provider, [regex]::Escape($run.Id) }
        $line[0] | Should -Match $pattern -Because "run $($run.Id) shows whole Status, Age, Duration, Provider and Id"
        $null = $line[0] -match $pattern
        $age = Get-AgeSeconds $Matches.age
        $actual = ([DateTimeOffset]::UtcNow - [DateTimeOffset]$t).TotalSeconds
        $age.Seconds | Should -BeLessOrEqual ($actual + 5) -Because "the age $($Matches.age) of a run started at $t is not in the future"
        ($actual - $age.Seconds) | Should -BeLessThan ($age.Unit + 5) -Because "the age $($Matches.age) is the time since $t, to its last unit"
    }
    function Assert-OneLineHeader($lines, [string] $because) {
        <# A table's header is one line followed by its dashes: no column squeezed so narrow that its label wraps. #>
        $lines[1] | Should -Match '^-+(\s+-+)*\s*$' -Because "the header is one line ($because): $($lines[0..2] -join ' | ')"
    }
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'The TaskRun table' {
    It '<Provider> at <Width> columns shows Status, Age, Duration, Provider and Id whole' -ForEach @(
        foreach ($p in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') { foreach ($w in 80, 120) { @{ Provider = $p; Width = $w } } }
    ) {
        $task = Get-TaskRunTask -Provider $Provider | Where-Object TaskId -ne 'always-fails' | Select-Object -First 1
        $runs = @(Get-TaskRun -Provider $Provider -TaskId $task.TaskId -First 20)
        $lines = Render $runs $Width
        $lines[0] | Should -Match '^Status\s+Age\s+Duration\s+Provider\s+Id\b'
        Assert-OneLineHeader $lines "$Provider at $Width"
        foreach ($run in $runs) { Assert-RunLine $lines $run }
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Width }
    }

    It 'a listing across all four providers at 80 columns keeps the Provider column and its header readable' {
        $runs = @(Get-TaskRun -First 40)
        @($runs.Provider | Sort-Object -Unique).Count | Should -Be 4 -Because 'the listing mixes every provider'
        $lines = Render $runs 80
        $lines[0] | Should -Match '^Status\s+Age\s+Duration\s+Provider\s+Id\s*$'
        Assert-OneLineHeader $lines 'cross-provider at 80'
        foreach ($run in $runs) { Assert-RunLine $lines $run }
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
    }

    It 'a wide console (120) adds the start time to the minute and the task id' {
        $runs = @(Get-TaskRun -Provider RunWisp -First 5)
        $lines = Render $runs 120
        $lines[0] | Should -Match '\bId\s+Started\s+TaskId\s*$'
        foreach ($run in $runs) {
            $t = if ($run.StartedAt) { $run.StartedAt } else { $run.CreatedAt }
            $started = ([DateTimeOffset]$t).LocalDateTime.ToString('yyyy-MM-dd HH:mm')
            $lines | Where-Object { $_.Contains($run.Id) } | Should -Match ('{0}\s+{1}\s+{2}\s*$' -f [regex]::Escape($run.Id), [regex]::Escape($started), [regex]::Escape($run.TaskId))
        }
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
    It '<Name> at 80 columns has a one-line header (no column squeezed until its label wraps)' -ForEach @(
        @{ Name = 'TaskRunPage'; Get = { Get-TaskRunPage -Provider Deck -PageSize 5 } }
        @{ Name = 'TaskRunTask'; Get = { foreach ($p in 'Anchor', 'RunWisp', 'Deck', 'BrowserAct') { Get-TaskRunTask -Provider $p } } }
        @{ Name = 'TaskRunProviderInfo'; Get = { Get-TaskRunProvider } }
        @{ Name = 'TaskRunLogEntry'; Get = { Get-TaskRun -Provider RunWisp -First 1 | Get-TaskRunLog } }
        @{ Name = 'DeckRunError'; Get = { (Get-TaskRun -Provider Deck -Status Failure -First 1).Errors } }
    ) {
        $objects = @(& $Get)
        $objects.Count | Should -BeGreaterThan 0
        $lines = @(Render $objects 80 | Where-Object { $_ -notmatch '^\s*Log of:' })
        Assert-OneLineHeader $lines $Name
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
    }
    It 'TaskRunProviderInfo at <Width> shows every provider, whether it has a key and its whole base URI' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        $text = Render (Get-TaskRunProvider) $Width | Out-String
        foreach ($p in Get-TaskRunProvider) { $text | Should -Match ('{0}\s+{1}\s+{2}\s+{3}' -f $p.Name, $p.HasCredential, $p.BaseUriSource, [regex]::Escape([string]$p.BaseUri)) }
        if ($Width -ge 120) { foreach ($p in Get-TaskRunProvider) { $text | Should -Match ('(?m){0}\s+{1}\s*$' -f $p.PagingStyle, $p.MaxPageSize) } }
    }
}
