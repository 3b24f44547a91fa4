# Tab completion as the console asks for it (TabExpansion2), against the emulator for -TaskId.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'TabExpansion2' {
    It 'completes -Provider with the four providers' {
        Complete 'Get-TaskRun -Provider ' | Sort-Object | Should -Be @('Anchor', 'BrowserAct', 'Deck', 'RunWisp')
        Complete 'Get-TaskRun -Provider D' | Should -Be 'Deck'
    }
    It 'completes -TaskId with the provider''s task ids' {
        $ids = (Get-TaskRunTask -Provider Anchor).TaskId
        $completed = Complete 'Get-TaskRun -Provider Anchor -TaskId '
        $completed | Should -Not -BeNullOrEmpty
        foreach ($c in $completed) { $c.Trim("'") | Should -BeIn $ids }
    }
    It 'completes -Status with the common statuses' {
        $completed = Complete 'Get-TaskRun -Provider Deck -Status '
        $completed | Should -Contain 'Failure'
        $completed | Should -Contain 'Running'
    }
    It 'completes members of a TaskRun after the pipeline' {
        $completed = Complete 'Get-TaskRun -Provider Deck -First 1 | Where-Object Sta'
        $completed | Should -Contain 'Status'
        $completed = Complete '(Get-TaskRun -Provider Deck -First 1).Dur'
        $completed | Should -Contain 'Duration'
    }
}
