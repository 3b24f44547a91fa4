using System.Text;
using TaskRuns.Http;
using TaskRuns.Listing;
using TaskRuns.Model;
using TaskRuns.Paging;
using TaskRuns.Providers;

namespace TaskRuns.Tests.Infrastructure;

/// <summary>Collects what the engine reports through its log (verbose retries, paging warnings).</summary>
internal sealed class RecordingLog : ICommandLog
{
    private readonly List<string> _verbose = new();
    private readonly List<string> _warnings = new();

    /// <summary>Called with each verbose line (e.g. to cancel once a retry was announced).</summary>
    public Action<string>? OnVerbose { get; set; }

    public IReadOnlyList<string> VerboseLines { get { lock (_verbose) return _verbose.ToList(); } }
    public IReadOnlyList<string> Warnings { get { lock (_warnings) return _warnings.ToList(); } }

    public void Verbose(string message)
    {
        lock (_verbose) _verbose.Add(message);
        OnVerbose?.Invoke(message);
    }

    public void Warning(string message)
    {
        lock (_warnings) _warnings.Add(message);
    }
}

/// <summary>
/// The real engine (adapter + ApiClient + RunLister) against a <see cref="CannedHttpServer"/>: RunWisp's sign-in is
/// answered by the harness, every other request by the test's handler. Retries are fast and few.
/// </summary>
internal sealed class ProviderHarness : IAsyncDisposable
{
    public const string Key = "unit-secret-key-31337";
    public static readonly string AnchorTask = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

    public ProviderHarness(
        TaskRunProvider provider, Func<CannedRequest, CannedResponse> handler, Action<RetrySettings>? settings = null,
        Func<CannedRequest, CannedResponse?>? signIn = null)
    {
        Provider = ProviderRegistry.Get(provider);
        Server = new CannedHttpServer(request => IsSignIn(request) ? signIn?.Invoke(request) ?? SignIn(request) : handler(request));
        Settings = new RetrySettings
        {
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            AttemptTimeout = TimeSpan.FromSeconds(5),
        };
        settings?.Invoke(Settings);
        Client = new ApiClient(Provider, new ProviderConnection(Server.BaseUri, ApiCredential.FromPlainText(Key)), Settings, Log);
    }

    public ITaskRunProvider Provider { get; }
    public CannedHttpServer Server { get; }
    public RetrySettings Settings { get; }
    public RecordingLog Log { get; } = new();
    public ApiClient Client { get; }

    /// <summary>Requests other than RunWisp's sign-in.</summary>
    public IReadOnlyList<CannedRequest> ApiRequests => Server.Requests.Where(r => !IsSignIn(r)).ToList();

    public TaskRunQuery Query() => new()
    {
        Provider = Provider.Provider,
        TaskId = Provider.Provider switch
        {
            TaskRunProvider.Anchor => AnchorTask,
            TaskRunProvider.RunWisp => "etl",
            _ => null,
        },
    };

    /// <summary>Get-TaskRun -All: every run, streamed page by page.</summary>
    public async Task<List<TaskRun>> ListAllAsync(int pageSize = 2, int throttle = 1, CancellationToken cancellationToken = default)
    {
        var runs = new List<TaskRun>();
        var request = new ListingRequest { All = true, PageSize = pageSize, ThrottleLimit = throttle };
        await foreach (IReadOnlyList<TaskRun> batch in new RunLister(Provider, Client).ListAsync(Provider.Prepare(Query()), request, cancellationToken))
            runs.AddRange(batch);
        return runs;
    }

    /// <summary>One page only (Get-TaskRun without -All).</summary>
    public async Task<List<TaskRun>> ListOnePageAsync(int pageSize = 2)
    {
        var runs = new List<TaskRun>();
        var request = new ListingRequest { PageSize = pageSize };
        await foreach (IReadOnlyList<TaskRun> batch in new RunLister(Provider, Client).ListAsync(Provider.Prepare(Query()), request, CancellationToken.None))
            runs.AddRange(batch);
        return runs;
    }

    public static bool IsSignIn(CannedRequest request) => request.Path.StartsWith("/api/auth", StringComparison.Ordinal);

    private static CannedResponse SignIn(CannedRequest request) => request.Path == "/api/auth/challenge"
        ? CannedResponse.Json("""{"nonce":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}""")
        : CannedResponse.Json("""{"token":"unit-token"}""");

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Well-formed list pages of each provider, for handlers to serve or to break.</summary>
public static class Pages
{
    /// <summary>A valid page of <paramref name="ids"/>; <paramref name="page"/> is 1-based, <paramref name="total"/> runs in all.</summary>
    public static string Valid(TaskRunProvider provider, IReadOnlyList<string> ids, int page, int pageSize, int total, string? nextCursor = null, string status = "")
    {
        var items = new StringBuilder();
        foreach (string id in ids)
        {
            if (items.Length > 0) items.Append(',');
            items.Append(Item(provider, id, status));
        }
        int totalPages = (total + pageSize - 1) / pageSize;
        return provider switch
        {
            TaskRunProvider.Anchor =>
                $$"""{"data":{"results":[{{items}}],"pagination":{"page":{{page}},"limit":{{pageSize}},"total":{{total}},"totalPages":{{totalPages}}""" + "}}}",
            TaskRunProvider.RunWisp => $$"""{"runs":[{{items}}],"total":{{total}}}""",
            TaskRunProvider.Deck =>
                $$"""{"data":[{{items}}],"has_more":{{(nextCursor is null ? "false" : "true")}},"next_cursor":{{(nextCursor is null ? "null" : Quote(nextCursor))}},"request_id":"req_page{{page}}"}""",
            _ => $$"""{"page":{{page}},"limit":{{pageSize}},"items":[{{items}}],"total_pages":{{totalPages}},"total_count":{{total}}}""",
        };
    }

    public static string Item(TaskRunProvider provider, string id, string status = "") => provider switch
    {
        TaskRunProvider.Anchor =>
            $$"""{"id":{{Quote(id)}},"taskVersionId":"3c90c3cc-0d44-4b50-8888-8dd25736052a","version":"1","status":{{Quote(status == "" ? "success" : status)}},"output":"ok","errorMessage":"","startTime":"2025-01-02T03:04:05Z","executionTime":1234}""",
        TaskRunProvider.RunWisp =>
            $$"""{"id":{{Quote(id)}},"task_name":"etl","status":{{Quote(status == "" ? "ended" : status)}},"end_reason":"success","exit_code":0,"created_at":"2025-01-02T03:04:05Z","start_at":"2025-01-02T03:04:06Z","end_at":"2025-01-02T03:05:06Z","replica_index":0,"retry_attempt":0,"triggered_by":"cron"}""",
        TaskRunProvider.Deck =>
            $$"""{"id":{{Quote(id)}},"object":"task_run","status":{{Quote(status == "" ? "completed" : status)}},"result":"success","task_id":"task_1","agent_id":"agt_1","runtime_ms":"1500","output":{"a":1},"errors":null,"created_at":"2025-01-02T03:04:05.6780000+00:00","updated_at":"2025-01-02T03:04:07.0000000+00:00"}""",
        _ =>
            $$"""{"id":{{Quote(id)}},"status":{{Quote(status == "" ? "finished" : status)}},"created_at":"2025-01-02T03:04:05Z","workflow_id":"1234567890123456789","finished_at":"2025-01-02T03:05:05Z","output":{"string":"ok","files":[]},"task_failure_info":null,"credit":3,"profile_id":null,"input_parameters":"a=1"}""",
    };

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>The position a list request asks for: page number, offset, or cursor ("" for Deck's first page).</summary>
    public static string PositionOf(TaskRunProvider provider, CannedRequest request) => provider switch
    {
        TaskRunProvider.RunWisp => request.Query("offset") ?? "0",
        TaskRunProvider.Deck => request.Query("cursor") ?? "",
        _ => request.Query("page") ?? "1",
    };
}
