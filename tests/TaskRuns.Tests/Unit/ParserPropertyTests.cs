using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers.Anchor;
using TaskRuns.Providers.BrowserAct;
using TaskRuns.Providers.Deck;
using TaskRuns.Providers.RunWisp;
using TaskRuns.Tests.Infrastructure;

namespace TaskRuns.Tests.Unit;

/// <summary>
/// Properties of every provider's page parser (source-generated JSON contexts, IValidatedResponse, the adapters'
/// ToTaskRun): a valid page round-trips its ids exactly, and any mutation of one — dropped fields, wrong types, nulls,
/// truncation, random text — gives runs, a named problem, or a JsonException; never any other exception.
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly TaskRunProvider[] AllProviders =
        [TaskRunProvider.Anchor, TaskRunProvider.RunWisp, TaskRunProvider.Deck, TaskRunProvider.BrowserAct];

    /// <summary>Parses a list page the way the adapter's ListPageAsync does; returns the runs, or the problem it names.</summary>
    private static (IReadOnlyList<TaskRun>? Runs, string? Problem) ParsePage(TaskRunProvider provider, byte[] json)
    {
        switch (provider)
        {
            case TaskRunProvider.Anchor:
            {
                var page = JsonSerializer.Deserialize(json, AnchorJsonContext.Default.AnchorListResponse);
                if (Problem(page) is string p) return (null, p);
                _ = page!.Data!.Pagination!.Total;
                return ((page.Data.Results ?? []).Where(e => e != null).Select(e => (TaskRun)AnchorProvider.ToTaskRun(e!, "task")).ToList(), null);
            }
            case TaskRunProvider.RunWisp:
            {
                var page = JsonSerializer.Deserialize(json, RunWispJsonContext.Default.RunWispRunList);
                if (Problem(page) is string p) return (null, p);
                return (page!.Rows.Where(r => r != null).Select(r => (TaskRun)RunWispProvider.ToTaskRun(r!)).ToList(), null);
            }
            case TaskRunProvider.Deck:
            {
                var page = JsonSerializer.Deserialize(json, DeckJsonContext.Default.DeckRunList);
                if (Problem(page) is string p) return (null, p);
                return (page!.Data!.Where(r => r != null).Select(r => (TaskRun)DeckProvider.ToTaskRun(r!)).ToList(), null);
            }
            default:
            {
                var page = JsonSerializer.Deserialize(json, BrowserActJsonContext.Default.BrowserActTaskPage);
                if (Problem(page) is string p) return (null, p);
                return ((page!.Items ?? []).Where(t => t != null).Select(t => (TaskRun)BrowserActProvider.ToTaskRun(t!)).ToList(), null);
            }
        }
    }

    /// <summary>Parses one run the way GetRunAsync does.</summary>
    private static (TaskRun? Run, string? Problem) ParseOne(TaskRunProvider provider, byte[] json)
    {
        switch (provider)
        {
            case TaskRunProvider.Anchor:
            {
                var one = JsonSerializer.Deserialize(json, AnchorJsonContext.Default.AnchorExecutionResponse);
                return Problem(one) is string p ? (null, p) : (AnchorProvider.ToTaskRun(one!.Data!, "task"), null);
            }
            case TaskRunProvider.RunWisp:
            {
                var one = JsonSerializer.Deserialize(json, RunWispJsonContext.Default.RunWispRun);
                return Problem(one) is string p ? (null, p) : (RunWispProvider.ToTaskRun(one!), null);
            }
            case TaskRunProvider.Deck:
            {
                var one = JsonSerializer.Deserialize(json, DeckJsonContext.Default.DeckRun);
                return Problem(one) is string p ? (null, p) : (DeckProvider.ToTaskRun(one!), null);
            }
            default:
            {
                var one = JsonSerializer.Deserialize(json, BrowserActJsonContext.Default.BrowserActTask);
                return Problem(one) is string p ? (null, p) : (BrowserActProvider.ToTaskRun(one!), null);
            }
        }
    }

    /// <summary>As ApiClient: JSON null is a problem, and so is whatever the DTO says is missing.</summary>
    private static string? Problem(object? response) => response switch
    {
        null => "the body is JSON null",
        IValidatedResponse validated => validated.Problem(),
        _ => null,
    };

    // ---------- generators ----------

    /// <summary>Ids as providers spell them and worse: uuids, ULIDs, 19-digit numbers, unicode, escapes, quotes, spaces.</summary>
    private static readonly Gen<string> Ids = Gen.OneOf(
        Gen.Constant(0).Select(_ => Guid.NewGuid().ToString()),
        Gen.Choose(0, int.MaxValue).Select(n => "01J" + n.ToString("D23", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Choose(0, 999_999_999).Select(n => "92233720" + n.ToString("D11", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Choose(1, 40).SelectMany(length => Gen.ArrayOf(Gen.Elements(
            "abcXYZ019-_.:/\\\"'% +&?#é日本😀\u0000\t\n\u2028".EnumerateRunes().Select(r => r.ToString()).ToArray()), length)).Select(parts => string.Concat(parts)),
        Gen.Constant("trun_").Select(p => p + Guid.NewGuid().ToString("N")));

    private static Gen<List<string>> DistinctIds(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ListOf(Ids, n)).Select(ids => ids.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList());

    private enum Mutation { DropProperty, Null, WrongNumber, HugeNumber, WrongString, WrongBool, EmptyObject, EmptyArray, WrapInArray, DuplicateItem, Truncate, InsertText, DeleteText, InvalidUtf8, RenameProperty }

    private sealed record Edit(Mutation Kind, double Where, int Variant);

    private static readonly Gen<Edit> Edits =
        Gen.Elements(Enum.GetValues<Mutation>()).SelectMany(kind =>
            Gen.Choose(0, 9999).SelectMany(where => Gen.Choose(0, 1000).Select(variant => new Edit(kind, where / 10000.0, variant))));

    private static readonly string[] WrongStrings = ["", " ", "null", "1e999", "-1", "NaN", "2025-13-45T99:99:99Z", "😀", "\u0000", new string('x', 5000), "{\"id\":1}"];
    private static readonly string[] PropertyNames = ["", "id", "status", "data", "items", "runs", "total", "\u0000", "😀", "$type"];
    private static readonly double[] HugeNumbers = [1e300, -1e300, 9.3e18, 9.2e18, 1e15, 5e17, 5e14, 2.5e14, 1.7976931348623157e308, -0.0, 0.5, 4.9e-324, 922337203685477.5, 922337203685477.6, -1];

    private static byte[] Apply(string validJson, IReadOnlyList<Edit> edits)
    {
        string text = validJson;
        byte[]? invalidUtf8At = null;
        foreach (Edit edit in edits)
        {
            if (edit.Kind == Mutation.InvalidUtf8)
            {
                invalidUtf8At = BitConverter.GetBytes(edit.Where); // applied to the bytes at the end
                continue;
            }
            if (edit.Kind is Mutation.Truncate or Mutation.InsertText or Mutation.DeleteText)
            {
                int at = (int)(edit.Where * text.Length);
                if (at > 0 && at < text.Length && char.IsLowSurrogate(text[at])) at--; // text edits keep characters whole
                text = edit.Kind switch
                {
                    Mutation.Truncate => text[..at],
                    Mutation.InsertText => text.Insert(at, WrongStrings[edit.Variant % WrongStrings.Length] + "\"}],{[:,"[edit.Variant % 8]),
                    _ => at < text.Length ? RemoveWhole(text, at, 1 + edit.Variant % Math.Max(1, Math.Min(20, text.Length - at))) : text,
                };
                continue;
            }
            try
            {
                JsonNode? root = JsonNode.Parse(text);
                if (root is null) continue;
                var nodes = new List<JsonNode>();
                Collect(root, nodes);
                JsonNode target = nodes[(int)(edit.Where * nodes.Count)];
                JsonNode? replacement = edit.Kind switch
                {
                    Mutation.Null => null,
                    Mutation.WrongNumber => JsonValue.Create(edit.Variant - 500),
                    Mutation.HugeNumber => JsonNode.Parse(JsonSerializer.Serialize(HugeNumbers[edit.Variant % HugeNumbers.Length])),
                    Mutation.WrongString => JsonValue.Create(WrongStrings[edit.Variant % WrongStrings.Length]),
                    Mutation.WrongBool => JsonValue.Create(edit.Variant % 2 == 0),
                    Mutation.EmptyObject => new JsonObject(),
                    Mutation.EmptyArray => new JsonArray(),
                    Mutation.WrapInArray => new JsonArray(target.DeepClone()),
                    _ => target.DeepClone(),
                };
                if (target.Parent is JsonObject parent)
                {
                    string name = target.GetPropertyName();
                    if (edit.Kind == Mutation.RenameProperty)
                    {
                        // Renamed, possibly onto a sibling's name (a duplicate key, written as text: JsonObject refuses them).
                        string newName = PropertyNames[edit.Variant % PropertyNames.Length];
                        string marker = "\"__rename_me__\"";
                        parent.Remove(name);
                        parent["__rename_me__"] = replacement;
                        text = (root.ToJsonString()).Replace(marker, JsonSerializer.Serialize(newName));
                        continue;
                    }
                    if (edit.Kind == Mutation.DropProperty) parent.Remove(name);
                    else if (edit.Kind != Mutation.DuplicateItem) parent[name] = replacement;
                }
                else if (target.Parent is JsonArray array)
                {
                    int index = target.GetElementIndex();
                    if (edit.Kind == Mutation.DropProperty) array.RemoveAt(index);
                    else if (edit.Kind == Mutation.DuplicateItem) array.Insert(index, replacement);
                    else array[index] = replacement;
                }
                else if (edit.Kind != Mutation.DropProperty && edit.Kind != Mutation.DuplicateItem)
                {
                    root = replacement; // the whole document replaced
                }
                text = root?.ToJsonString() ?? "null";
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
            {
                // Text already broken (or holding escapes JsonNode cannot take): structural edits have nothing to hold on to.
            }
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (invalidUtf8At is null) return bytes;
        // A byte sequence that is not UTF-8 at all (a lone continuation byte and an overlong lead).
        int where = (int)(BitConverter.ToDouble(invalidUtf8At) * bytes.Length);
        return [.. bytes.Take(where), 0x80, 0xC0, 0xAF, .. bytes.Skip(where)];
    }

    private static string RemoveWhole(string text, int at, int count)
    {
        int end = Math.Min(text.Length, at + count);
        if (end < text.Length && char.IsLowSurrogate(text[end])) end++;
        return text.Remove(at, end - at);
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        if (node is JsonObject obj) foreach (var (_, child) in obj) { if (child != null) Collect(child, nodes); }
        else if (node is JsonArray array) foreach (JsonNode? child in array) { if (child != null) Collect(child, nodes); }
    }

    private static void AssertWellFormed(TaskRun run)
    {
        Assert.False(string.IsNullOrEmpty(run.Id));
        Assert.NotNull(run.ProviderStatus);
        Assert.True(Enum.IsDefined(run.Status), run.Status.ToString());
        if (run.Elapsed is TimeSpan d) Assert.True(d >= TimeSpan.Zero, d.ToString());
        _ = run.ToString();
    }

    // ---------- properties ----------

    [Property(MaxTest = 200)]
    public Property A_valid_page_round_trips_its_ids_exactly_in_order() =>
        Prop.ForAll(Gen.Elements(AllProviders).SelectMany(p => DistinctIds(30).Select(ids => (p, ids))).ToArbitrary(), testCase =>
        {
            var (provider, ids) = testCase;
            string json = Pages.Valid(provider, ids, 1, Math.Max(1, ids.Count), ids.Count, ids.Count > 0 ? "next" : null);
            var (runs, problem) = ParsePage(provider, Encoding.UTF8.GetBytes(json));
            Assert.Null(problem);
            Assert.Equal(ids, runs!.Select(r => r.Id));
            Assert.All(runs!, r => Assert.Equal(provider, r.Provider));
            Assert.All(runs!, AssertWellFormed);
        });

    [Property(MaxTest = 100)]
    public Property BrowserAct_numeric_ids_beyond_2_pow_53_keep_every_digit() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 999_999_999), 5).Select(ns => ns.Select(n => "18446744073" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList()).ToArbitrary(), ids =>
        {
            // Some servers send them as bare numbers: the digits must survive (a double would round them).
            string json = Pages.Valid(TaskRunProvider.BrowserAct, ids, 1, 5, ids.Count);
            foreach (string id in ids) json = json.Replace("\"id\":\"" + id + "\"", "\"id\":" + id);
            var (runs, problem) = ParsePage(TaskRunProvider.BrowserAct, Encoding.UTF8.GetBytes(json));
            Assert.Null(problem);
            Assert.Equal(ids, runs!.Select(r => r.Id));
        });

    [Property(MaxTest = 3000)]
    public Property A_mutated_page_gives_runs_a_named_problem_or_a_JsonException_and_nothing_else() =>
        Prop.ForAll(
            Gen.Elements(AllProviders).SelectMany(p => DistinctIds(6).SelectMany(ids => Gen.NonEmptyListOf(Edits).Select(edits => (p, ids, edits.Take(4).ToList())))).ToArbitrary(),
            testCase =>
            {
                var (provider, ids, edits) = testCase;
                byte[] body = Apply(Pages.Valid(provider, ids, 1, 6, ids.Count, "next"), edits);
                try
                {
                    var (runs, problem) = ParsePage(provider, body);
                    if (problem is null) Assert.All(runs!, AssertWellFormed);
                    else Assert.False(string.IsNullOrWhiteSpace(problem));
                }
                catch (JsonException)
                {
                    // ApiClient turns this into InvalidResponse.
                }
            });

    [Property(MaxTest = 2000)]
    public Property A_mutated_single_run_gives_a_run_a_named_problem_or_a_JsonException_and_nothing_else() =>
        Prop.ForAll(
            Gen.Elements(AllProviders).SelectMany(p => Ids.SelectMany(id => Gen.NonEmptyListOf(Edits).Select(edits => (p, id, edits.Take(4).ToList())))).ToArbitrary(),
            testCase =>
            {
                var (provider, id, edits) = testCase;
                string item = Pages.Item(provider, id.Length == 0 ? "x" : id);
                string valid = provider == TaskRunProvider.Anchor ? "{\"data\":" + item + "}" : item;
                try
                {
                    var (run, problem) = ParseOne(provider, Apply(valid, edits));
                    if (problem is null) AssertWellFormed(run!);
                }
                catch (JsonException)
                {
                }
            });

    /// <summary>
    /// The same through the whole HTTP path: served by a real server to the real ApiClient and adapter, a mutated page
    /// is runs or a TaskRunApiException (InvalidResponse) — never anything else.
    /// </summary>
    [Property(MaxTest = 120)]
    public Property Over_http_a_mutated_page_is_runs_or_InvalidResponse() =>
        Prop.ForAll(
            Gen.Elements(AllProviders).SelectMany(p => DistinctIds(4).SelectMany(ids => Gen.NonEmptyListOf(Edits).Select(edits => (p, ids, edits.Take(3).ToList())))).ToArbitrary(),
            testCase =>
            {
                var (provider, ids, edits) = testCase;
                byte[] body = Apply(Pages.Valid(provider, ids, 1, 4, ids.Count), edits);
                var harness = new ProviderHarness(provider, _ => new CannedResponse { Body = body }, settings => settings.MaxRetries = 0);
                try
                {
                    List<TaskRun> runs = harness.ListOnePageAsync(pageSize: 4).GetAwaiter().GetResult();
                    Assert.All(runs, AssertWellFormed);
                }
                catch (TaskRunApiException e)
                {
                    Assert.Equal("InvalidResponse", e.ErrorId);
                    Assert.StartsWith(provider + ": HTTP 200", e.Message);
                }
                finally
                {
                    harness.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            });

    // ---------- what the properties found, pinned ----------

    [Fact]
    public void An_absurd_runtime_or_execution_time_is_no_duration_rather_than_an_overflow()
    {
        string deck = Pages.Item(TaskRunProvider.Deck, "trun_1").Replace("\"runtime_ms\":\"1500\"", "\"runtime_ms\":1e15");
        var (deckRun, deckProblem) = ParseOne(TaskRunProvider.Deck, Encoding.UTF8.GetBytes(deck));
        Assert.Null(deckProblem);
        Assert.Null(deckRun!.Elapsed);
        Assert.Equal(1_000_000_000_000_000, ((DeckTaskRun)deckRun).RuntimeMs);

        string anchor = "{\"data\":" + Pages.Item(TaskRunProvider.Anchor, "a").Replace("\"executionTime\":1234", "\"executionTime\":5e14") + "}";
        var (anchorRun, _) = ParseOne(TaskRunProvider.Anchor, Encoding.UTF8.GetBytes(anchor));
        Assert.Equal(TimeSpan.FromMilliseconds(5e14), anchorRun!.Elapsed); // 15,800 years: a TimeSpan, but no end date after 9999
        Assert.Null(anchorRun.EndedAt);
    }

    [Fact]
    public void Free_form_output_with_half_a_surrogate_pair_invalid_utf8_or_an_empty_key_still_gives_the_run()
    {
        string item = Pages.Item(TaskRunProvider.Deck, "trun_1").Replace("\"output\":{\"a\":1}", "\"output\":{\"\":\"\\ud83d\",\"b\":\"X\"}");
        byte[] bytes = Encoding.UTF8.GetBytes(item);
        int x = Array.IndexOf(bytes, (byte)'X');
        bytes[x] = 0xC0; // not UTF-8
        var (run, problem) = ParseOne(TaskRunProvider.Deck, bytes);
        Assert.Null(problem);
        var output = Assert.IsType<System.Management.Automation.PSObject>(run!.Output);
        Assert.Equal("\\ud83d", output.Properties["(empty)"].Value);
        Assert.Equal("\uFFFD", output.Properties["b"].Value);
    }
}
