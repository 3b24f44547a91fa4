# Runs inside real pwsh (`dotnet pwsh -File`, started by PwshSession.cs) and times listings on request, so pwsh's
# start-up and module import are outside every figure. One command a line on stdin, one line of answer on stdout:
#   module <provider> <taskId> <maxPages>   $runs = @(Get-TaskRun -Provider <provider> -TaskId <taskId> -All)
#   irm <provider> <taskId> <maxPages>      the Invoke-RestMethod paging loop a user would write (below)
#   fanout <taskId> <listings> <throttle>   <listings> Deck listings at once with ForEach-Object -Parallel
# maxPages 0 = every page (a positive value is for warm-up: the module side gets -First maxPages*pageSize).
# Answers: `RESULT {json}` or `ERROR message`; anything else pwsh prints is passed through to the log.
# stdin closing (the benchmark ending or dying) ends the script.
param(
    [Parameter(Mandatory)] [string] $Root,
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $ApiKey,
    [Parameter(Mandatory)] [string] $Password
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # the same for both sides: no progress bars drawn
Import-Module $Manifest

$secureKey = ConvertTo-SecureString $ApiKey -AsPlainText -Force
$credential = [pscredential]::new('bench', (ConvertTo-SecureString $Password -AsPlainText -Force))
$moduleParameters = @{
    Anchor     = @{ Provider = 'Anchor'; BaseUri = $Root; ApiKey = $secureKey }
    RunWisp    = @{ Provider = 'RunWisp'; BaseUri = $Root; Credential = $credential }
    Deck       = @{ Provider = 'Deck'; BaseUri = "$Root/v2"; ApiKey = $secureKey }
    BrowserAct = @{ Provider = 'BrowserAct'; BaseUri = $Root; ApiKey = $secureKey }
}
$pageSizes = @{ Anchor = 100; RunWisp = 1000; Deck = 100; BrowserAct = 500 }

# --- The Invoke-RestMethod loops: each provider's largest page, items collected in a list, auth in -Headers. ---------

function Get-AnchorRunsIrm([string] $TaskId, [int] $MaxPages) {
    $headers = @{ 'anchor-api-key' = $ApiKey }
    $runs = [System.Collections.Generic.List[object]]::new()
    $page = 1
    do {
        $r = Invoke-RestMethod "$Root/v1/task/$TaskId/executions?page=$page&limit=100" -Headers $headers
        $runs.AddRange(@($r.data.results))
        $page++
    } while ($page -le $r.data.pagination.totalPages -and ($MaxPages -eq 0 -or $page -le $MaxPages))
    [pscustomobject]@{ Runs = $runs; Pages = $page - 1 }
}

function Get-RunWispRunsIrm([string] $TaskId, [int] $MaxPages) {
    # RunWisp's login: SHA-256 over "password:nonce", lowercase hex, exchanged for a bearer token.
    $challenge = Invoke-RestMethod "$Root/api/auth/challenge"
    $hash = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes("${Password}:$($challenge.nonce)"))
    $body = @{ nonce = $challenge.nonce; response = [System.Convert]::ToHexString($hash).ToLowerInvariant() } | ConvertTo-Json
    $login = Invoke-RestMethod "$Root/api/auth" -Method Post -ContentType 'application/json' -Body $body
    $headers = @{ Authorization = "Bearer $($login.token)" }
    $runs = [System.Collections.Generic.List[object]]::new()
    $task = [uri]::EscapeDataString($TaskId)
    $offset = 0; $pages = 0
    do {
        $r = Invoke-RestMethod "$Root/api/tasks/$task/runs?limit=1000&offset=$offset" -Headers $headers
        if ($r.runs) { $runs.AddRange(@($r.runs)) }
        $offset += 1000; $pages++
    } while ($offset -lt $r.total -and ($MaxPages -eq 0 -or $pages -lt $MaxPages))
    [pscustomobject]@{ Runs = $runs; Pages = $pages }
}

function Get-DeckRunsIrm([string] $TaskId, [int] $MaxPages) {
    # Deck answers 429 beyond 200 requests per 10 s and sends no Retry-After: let Invoke-RestMethod retry every second.
    $headers = @{ Authorization = "Bearer $ApiKey" }
    $runs = [System.Collections.Generic.List[object]]::new()
    $cursor = $null; $pages = 0
    do {
        $uri = "$Root/v2/task-runs?task_id=$TaskId&limit=100"
        if ($cursor) { $uri += "&cursor=$([uri]::EscapeDataString($cursor))" }
        $r = Invoke-RestMethod $uri -Headers $headers -MaximumRetryCount 30 -RetryIntervalSec 1
        $runs.AddRange(@($r.data))
        $cursor = $r.next_cursor; $pages++
    } while ($r.has_more -and ($MaxPages -eq 0 -or $pages -lt $MaxPages))
    [pscustomobject]@{ Runs = $runs; Pages = $pages }
}

function Get-BrowserActRunsIrm([string] $TaskId, [int] $MaxPages) {
    $headers = @{ Authorization = "Bearer $ApiKey" }
    $runs = [System.Collections.Generic.List[object]]::new()
    $page = 1
    do {
        $r = Invoke-RestMethod "$Root/v2/workflow/list-tasks?workflow_id=$TaskId&page=$page&limit=500" -Headers $headers
        $runs.AddRange(@($r.items))
        $page++
    } while ($page -le $r.total_pages -and ($MaxPages -eq 0 -or $page -le $MaxPages))
    [pscustomobject]@{ Runs = $runs; Pages = $page - 1 }
}

# --- Commands ----------------------------------------------------------------------------------------------------------

function Measure-ModuleListing([string] $Provider, [string] $TaskId, [int] $MaxPages) {
    $p = $moduleParameters[$Provider]
    $first = if ($MaxPages -gt 0) { @{ First = $MaxPages * $pageSizes[$Provider] } } else { @{} }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    # Like the irm loop, which collects its runs into a list: the runs into a variable. Piping them into Measure-Object
    # instead adds PowerShell's own per-object cost (a cmdlet's ProcessRecord, 25-100 ms per 10,000 runs) to this
    # side only.
    $runs = @(Get-TaskRun @p -TaskId $TaskId -All @first)
    $count = $runs.Count
    @{ runs = $count; seconds = $clock.Elapsed.TotalSeconds }
}

function Measure-IrmListing([string] $Provider, [string] $TaskId, [int] $MaxPages) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $listing = & "Get-${Provider}RunsIrm" $TaskId $MaxPages
    $seconds = $clock.Elapsed.TotalSeconds
    @{ runs = $listing.Runs.Count; pages = $listing.Pages; seconds = $seconds }
}

function Measure-DeckFanout([string] $TaskId, [int] $Listings, [int] $Throttle) {
    $deck = $moduleParameters.Deck
    $manifestPath = $Manifest
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $results = 1..$Listings | ForEach-Object -ThrottleLimit $Throttle -Parallel {
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        try {
            Import-Module $using:manifestPath
            $p = $using:deck
            $count = (Get-TaskRun @p -TaskId $using:TaskId -All | Measure-Object).Count
            @{ runs = $count; seconds = $watch.Elapsed.TotalSeconds; error = $null }
        } catch {
            @{ runs = 0; seconds = $watch.Elapsed.TotalSeconds; error = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
        }
    }
    @{ seconds = $clock.Elapsed.TotalSeconds; listings = @($results) }
}

[Console]::Out.WriteLine('READY')
[Console]::Out.Flush()
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $words = $line.Split(' ')
    try {
        $result = switch ($words[0]) {
            'module' { Measure-ModuleListing $words[1] $words[2] ([int]$words[3]) }
            'irm' { Measure-IrmListing $words[1] $words[2] ([int]$words[3]) }
            'fanout' { Measure-DeckFanout $words[1] ([int]$words[2]) ([int]$words[3]) }
            default { throw "unknown command '$line'" }
        }
        $answer = 'RESULT ' + ($result | ConvertTo-Json -Compress -Depth 4)
    } catch {
        $answer = 'ERROR ' + ("$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -replace '\s+', ' ')
    }
    [Console]::Out.WriteLine($answer)
    [Console]::Out.Flush()
}
