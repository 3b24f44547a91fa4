using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TaskRuns.Model;
using TaskRuns.Providers.Anchor;
using TaskRuns.Providers.BrowserAct;
using TaskRuns.Providers.Deck;
using TaskRuns.Providers.RunWisp;

namespace TaskRuns.Benchmarks;

/// <summary>
/// Each provider's page parser: a 100-run page read from a stream by the source-generated context and mapped to
/// TaskRun objects, exactly as the adapters do. Figures are per run (OperationsPerInvoke = 100).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ParserBenchmarks
{
    private const int Runs = 100;
    private byte[] _anchor = null!, _runwisp = null!, _deck = null!, _browserAct = null!;

    [GlobalSetup]
    public void Setup()
    {
        _anchor = Page(i => $$$"""{"id":"{{{Guid.NewGuid()}}}","taskVersionId":"{{{Guid.NewGuid()}}}","version":"3","status":"{{{(i % 5 == 0 ? "failure" : "success")}}}","output":"done {{{i}}}","errorMessage":"{{{(i % 5 == 0 ? "boom" : "")}}}","startTime":"2026-11-0{{{i % 9 + 1}}}T05:31:56.123Z","executionTime":{{{1000 + i}}}}""",
            items => "{\"data\":{\"results\":[" + items + "],\"pagination\":{\"page\":1,\"limit\":100,\"total\":100000,\"totalPages\":1000}}}");
        _runwisp = Page(i => $$$"""{"id":"01JD{{{i:D22}}}","task_name":"nightly-backup","status":"ended","end_reason":"{{{(i % 7 == 0 ? "failed" : "success")}}}","exit_code":{{{(i % 7 == 0 ? 1 : 0)}}},"created_at":"2026-11-01T03:00:00Z","start_at":"2026-11-01T03:00:01Z","end_at":"2026-11-01T03:02:01Z","replica_index":0,"retry_attempt":0,"triggered_by":"cron"}""",
            items => $$$"""{"runs":[{{{items}}}],"total":100000}""");
        _deck = Page(i => $$$"""{"id":"trun_{{{i:D12}}}","object":"task_run","status":"completed","result":"success","task_id":"task_abc","credential_id":"cred_1","session_id":null,"agent_id":"agt_1","source_id":"src_1","runtime_ms":{{{(i % 3 == 1 ? "\"12345\"" : "12345")}}},"output":{"rows":{{{i}}},"file":"enc_abc"},"errors":null,"interaction":null,"created_at":"2026-11-01T03:04:05.6780000+00:00","updated_at":"2026-11-01T03:05:05.6780000+00:00"}""",
            items => $$$"""{"data":[{{{items}}}],"has_more":true,"next_cursor":"Y3Vyc29yLTEwMA","request_id":"req_1"}""");
        _browserAct = Page(i => $$$"""{"id":"{{{7000000000000000000L + i}}}","status":"finished","workflow_id":"1234567890123456789","created_at":"2026-11-01T03:00:00Z","finished_at":"2026-11-01T03:02:00Z","output":{"string":"{\"items\":[]}","files":[]},"task_failure_info":null,"credit":42,"profile_id":null,"input_parameters":"keyword=laptops;max_items=50"}""",
            items => $$$"""{"page":1,"limit":100,"items":[{{{items}}}],"total_pages":1000,"total_count":100000}""");
    }

    private static byte[] Page(Func<int, string> item, Func<string, string> wrap) =>
        Encoding.UTF8.GetBytes(wrap(string.Join(",", Enumerable.Range(0, Runs).Select(item))));

    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task<int> Anchor()
    {
        var page = await JsonSerializer.DeserializeAsync(new MemoryStream(_anchor), AnchorJsonContext.Default.AnchorListResponse);
        int n = 0;
        foreach (var e in page!.Data!.Results!) n += AnchorProvider.ToTaskRun(e!, "t").Id.Length;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task<int> RunWisp()
    {
        var page = await JsonSerializer.DeserializeAsync(new MemoryStream(_runwisp), RunWispJsonContext.Default.RunWispRunList);
        int n = 0;
        foreach (var r in page!.Rows) n += RunWispProvider.ToTaskRun(r!).Id.Length;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task<int> Deck()
    {
        var page = await JsonSerializer.DeserializeAsync(new MemoryStream(_deck), DeckJsonContext.Default.DeckRunList);
        int n = 0;
        foreach (var r in page!.Data!) n += DeckProvider.ToTaskRun(r!).Id.Length;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Runs)]
    public async Task<int> BrowserAct()
    {
        var page = await JsonSerializer.DeserializeAsync(new MemoryStream(_browserAct), BrowserActJsonContext.Default.BrowserActTaskPage);
        int n = 0;
        foreach (var t in page!.Items!) n += BrowserActProvider.ToTaskRun(t!).Id.Length;
        return n;
    }
}
