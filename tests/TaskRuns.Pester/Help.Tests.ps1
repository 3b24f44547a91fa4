# Get-Help as users read it, and every example of every cmdlet run in real pwsh (with Microsoft.PowerShell.Utility,
# which the xunit HelpExampleTests' hosted runspace lacks). The variables an example assumes are those its NOTES name;
# the xunit test checks that the NOTES name them, this file prepares them the same way.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $emulator = Start-TestEmulator
    Import-TaskRunsModule
    Connect-TestProviders $emulator
}
AfterAll { Stop-TestEmulator $emulator }

BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-TaskRunsModule
    $examples = foreach ($cmdlet in (Get-Module TaskRuns).ExportedCmdlets.Keys | Sort-Object) {
        foreach ($example in (Get-Help $cmdlet -Full).examples.example) {
            @{ Cmdlet = $cmdlet; Title = $example.title.Trim('-', ' '); Code = $example.code }
        }
    }
    $cmdlets = @((Get-Module TaskRuns).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Cmdlet = $_ } })
}

Describe 'Get-Help' {
    It '<Cmdlet> -Full renders synopsis, syntax, parameters and examples at 80 columns' -ForEach $cmdlets {
        $text = Get-Help $Cmdlet -Full | Out-String -Width 80
        foreach ($section in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS') { $text | Should -Match "(?m)^\s*$section" }
        $text | Should -Match '(?i)Example 1'
        $text | Should -Not -Match 'Get-Help cannot find'
    }
    It 'about_TaskRuns is found and names the cmdlets' {
        $text = Get-Help about_TaskRuns | Out-String
        $text | Should -Match 'Get-TaskRun'
        $text | Should -Match 'Wait-TaskRun'
    }
}

Describe 'Every help example runs in real pwsh' {
    It '<Cmdlet>: <Title>' -ForEach $examples {
        $vars = @{
            emulatorUri = $emulator.Origin
            key         = $emulator.ApiKey
            credential  = [pscredential]::new('runwisp', $emulator.Password)
            id          = (Get-TaskRunTask -Provider Anchor)[0].TaskId
            taskName    = (Get-TaskRunTask -Provider RunWisp | Where-Object TaskId -ne 'always-fails')[0].TaskId
            deckTaskId  = (Get-TaskRunTask -Provider Deck)[0].TaskId
            workflowId  = (Get-TaskRunTask -Provider BrowserAct)[0].TaskId
        }
        $vars.executionId = (Get-TaskRun -Provider Anchor -TaskId $vars.id -First 1).Id
        $ps = [powershell]::Create()   # a fresh runspace of this pwsh: every core module, TaskRuns imported as a user does
        try {
            $null = $ps.AddScript('param($psd1, $vars, $origin, $key, $credential)
                Import-Module $psd1
                Connect-TaskRunProvider -Provider Anchor -BaseUri $origin -ApiKey $key
                Connect-TaskRunProvider -Provider RunWisp -BaseUri $origin -Credential $credential
                Connect-TaskRunProvider -Provider Deck -BaseUri "$origin/v2" -ApiKey $key
                Connect-TaskRunProvider -Provider BrowserAct -BaseUri $origin -ApiKey $key
                foreach ($v in $vars.GetEnumerator()) { Set-Variable -Name $v.Key -Value $v.Value -Scope Global }').
                AddArgument("$(Get-RepoRoot)/out/TaskRuns/TaskRuns.psd1").AddArgument($vars).AddArgument($emulator.Origin).AddArgument($emulator.ApiKey).AddArgument($vars.credential)
            $null = $ps.Invoke()
            $ps.Commands.Clear()
            $ps.Streams.Error.Clear()
            $null = $ps.AddScript($Code)
            $handle = $ps.BeginInvoke()
            $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(2)) | Should -BeTrue -Because 'the example finishes'
            $null = $ps.EndInvoke($handle)
            @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) | Should -BeNullOrEmpty -Because $Code
        }
        finally { $ps.Dispose() }
    }
}
