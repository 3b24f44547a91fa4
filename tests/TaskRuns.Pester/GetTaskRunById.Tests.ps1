# Get-TaskRun -Id as users call it in real pwsh: several ids at once (like Wait-/Stop-TaskRun), and runs piped back in.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
    $deck = @(Get-TaskRun -Provider Deck -First 4)
    $anchorTask = (Get-TaskRunTask -Provider Anchor | Select-Object -First 1).TaskId
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-TaskRun -Id with several ids' {
    It '-Id a,b returns both runs, in the order given, one request each' {
        Reset-EmulatorStats $emulator
        $runs = @(Get-TaskRun -Provider Deck -Id $deck[2].Id, $deck[0].Id)
        $runs.Id | Should -Be @($deck[2].Id, $deck[0].Id)
        $runs[0] | Should -BeOfType TaskRuns.Model.DeckTaskRun
        $stats = Get-EmulatorStats $emulator
        $stats.deck.listRequests | Should -Be 0 -Because 'runs by id are got, never listed'
        $stats.deck.requests | Should -Be 2
    }
    It 'works positionally and with the RunId alias, for a provider that needs -TaskId too' {
        $anchor = @(Get-TaskRun Anchor $anchorTask -First 2)
        (Get-TaskRun Anchor $anchorTask -RunId $anchor[1].Id, $anchor[0].Id).Id | Should -Be @($anchor[1].Id, $anchor[0].Id)
    }
    It 'an unknown id is one NotFound error naming it, and the other ids still come' {
        $runs = @(Get-TaskRun -Provider Deck -Id $deck[0].Id, 'trun_doesnotexist0000000000', $deck[1].Id -ErrorVariable failed -ErrorAction SilentlyContinue)
        $runs.Id | Should -Be @($deck[0].Id, $deck[1].Id)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'trun_doesnotexist0000000000'
    }
    It '-Skip and -First count the ids in the order given' {
        (Get-TaskRun -Provider Deck -Id $deck.Id -Skip 1 -First 2).Id | Should -Be @($deck[1].Id, $deck[2].Id)
    }
}

Describe 'Runs piped back into Get-TaskRun' {
    It 'gets every piped run again from its own provider, mixed providers in one pipeline' {
        $mixed = @(Get-TaskRun -Provider RunWisp -First 2) + @(Get-TaskRun -Provider BrowserAct -First 2) + @($deck[0]) + @(Get-TaskRun Anchor $anchorTask -First 1)
        Reset-EmulatorStats $emulator
        $again = @($mixed | Get-TaskRun)
        ($again | ForEach-Object { "$($_.Provider)/$($_.Id)" }) | Should -Be ($mixed | ForEach-Object { "$($_.Provider)/$($_.Id)" })
        $stats = Get-EmulatorStats $emulator
        foreach ($p in 'runwisp', 'browseract', 'deck', 'anchor') { $stats.$p.listRequests | Should -Be 0 -Because "$p runs are got by id, not listed" }
        $stats.deck.requests | Should -Be 1
        $stats.browseract.requests | Should -Be 2
        $stats.anchor.requests | Should -Be 1
    }
    It 'refreshes deserialized runs (Export-Clixml / Import-Clixml) and -First limits how many' {
        $file = Join-Path $TestDrive 'runs.xml'
        $deck | Export-Clixml $file
        (Import-Clixml $file | Get-TaskRun).Id | Should -Be $deck.Id
        (Import-Clixml $file | Get-TaskRun -First 2).Id | Should -Be $deck[0..1].Id
    }
}
