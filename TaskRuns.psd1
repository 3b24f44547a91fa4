# ModuleVersion and PrivateData.PSData.Prerelease are written by the build (Directory.Build.targets) from VersionPrefix
# and VersionSuffix in Directory.Build.props, the one place the version is kept; in the source manifest at the
# repository root they are placeholders. The built manifest is out/TaskRuns/TaskRuns.psd1.
@{
    RootModule           = 'TaskRuns.dll'
    ModuleVersion        = '0.0.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5d0f7a52-2c4e-4d7b-9a63-0f3b8f6c1e21'
    Author               = 'TaskRuns contributors'
    CompanyName          = 'TaskRuns'
    Copyright            = '(c) TaskRuns contributors. MIT License (see LICENSE).'
    Description          = 'List, page through and wait on the task runs of hosted automation services (Anchor Browser, RunWisp, Deck, BrowserAct) with one set of cmdlets and one typed object model.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.6.2'
    FormatsToProcess     = @('TaskRuns.Format.ps1xml')
    # TaskRuns.Types.ps1xml names code in TaskRuns.dll, which must be loaded before the types file is read.
    RequiredAssemblies   = @('TaskRuns.dll')
    TypesToProcess       = @('TaskRuns.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-TaskRun'
        'Get-TaskRunPage'
        'Get-TaskRunTask'
        'Get-TaskRunLog'
        'Wait-TaskRun'
        'Start-TaskRun'
        'Stop-TaskRun'
        'Connect-TaskRunProvider'
        'Disconnect-TaskRunProvider'
        'Get-TaskRunProvider'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('TaskRuns', 'Automation', 'AnchorBrowser', 'RunWisp', 'Deck', 'BrowserAct', 'REST', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            Prerelease   = ''
            ReleaseNotes = 'First release: Get-TaskRun, Get-TaskRunPage, Get-TaskRunTask, Wait-TaskRun, Start-TaskRun, Stop-TaskRun and Connect-/Disconnect-/Get-TaskRunProvider for Anchor Browser, RunWisp, Deck and BrowserAct; streaming, parallel paging, retries with backoff. See Get-Help about_TaskRuns.'
        }
    }
}
