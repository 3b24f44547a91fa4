# RunWisp's sign-in limit (5 per 5 minutes per address, issue #15 item 15) as a user meets it in real pwsh: the command
# waits, and says while it waits that the wait is for the sign-in, not the request it was asked for. The emulator's
# window is shortened (--runwisp-login-limit 2/3s) so that the wait ends within the test.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator -ArgumentList '--runwisp-login-limit', '2/3s'
    Import-TaskRunsModule
    $credential = [pscredential]::new('runwisp', $emulator.Password)
}
AfterAll { Stop-TestEmulator $emulator }

Describe 'RunWisp sign-in limit' {
    It 'warns, naming the sign-in, while it waits for the limit; then the command gets its runs' {
        # Two other sign-ins (say, two earlier short scripts) spend this address's budget: the daemon counts attempts.
        foreach ($i in 1..2) {
            $nonce = (Invoke-RestMethod "$($emulator.Origin)/api/auth/challenge").nonce
            $null = Invoke-WebRequest -Method Post "$($emulator.Origin)/api/auth" -ContentType 'application/json' -SkipHttpErrorCheck `
                -Body (@{ nonce = $nonce; response = 'not-the-answer' } | ConvertTo-Json)
        }
        $nonce = (Invoke-RestMethod "$($emulator.Origin)/api/auth/challenge").nonce
        (Invoke-WebRequest -Method Post "$($emulator.Origin)/api/auth" -ContentType 'application/json' -SkipHttpErrorCheck `
            -Body (@{ nonce = $nonce; response = 'x' } | ConvertTo-Json)).StatusCode | Should -Be 429 -Because 'the budget is spent'

        $started = [datetime]::UtcNow
        $stream = @(Get-TaskRun -Provider RunWisp -BaseUri $emulator.Origin -Credential $credential -First 1 3>&1)
        $elapsed = [datetime]::UtcNow - $started

        $warnings = @($stream | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $runs = @($stream | Where-Object { $_ -is [TaskRuns.Model.TaskRun] })
        $runs.Count | Should -Be 1 -Because 'the sign-in is tried again after the wait and succeeds'
        $warnings.Count | Should -BeGreaterOrEqual 1
        $warnings[0].Message | Should -Match 'sign-in limit'
        $warnings[0].Message | Should -Match 'POST api/auth'
        $warnings[0].Message | Should -Match 'tried again in \d+ s'
        [array]::IndexOf($stream, $warnings[0]) | Should -BeLessThan ([array]::IndexOf($stream, $runs[0])) -Because 'the warning comes while waiting, before the run'
        $elapsed.TotalSeconds | Should -BeGreaterThan 0.5 -Because 'the command did wait for the limit'
    }
}
