using System.Runtime.CompilerServices;
using TaskRuns.Listing;
using TaskRuns.Model;

namespace TaskRuns.Tests.Unit;

/// <summary>The k-way merge on CreatedAt, against in-memory streams whose reads are counted.</summary>
public sealed class RunMergerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A stream of runs at the given minutes (newest first), in batches of <paramref name="batch"/>; counts batches read.</summary>
    private sealed class FakeStream(string name, int[] minutes, int batch = 2, int failAfterBatches = -1)
    {
        public int BatchesRead;

        public RunStream Stream => new(TaskRunProvider.Deck, name, Read);

        private async IAsyncEnumerable<RunBatch> Read([EnumeratorCancellation] CancellationToken token)
        {
            for (int i = 0; i < minutes.Length; i += batch)
            {
                await Task.Yield();
                token.ThrowIfCancellationRequested();
                if (BatchesRead == failAfterBatches) throw new InvalidOperationException(name + " broke");
                BatchesRead++;
                yield return new RunBatch(minutes.Skip(i).Take(batch).Select(m => new TaskRun { Id = $"{name}{m}", CreatedAt = Start.AddMinutes(m) }).ToList());
            }
        }
    }

    private static async Task<List<string>> Merge(RunMerger merger, ulong skip = 0, ulong first = ulong.MaxValue)
    {
        var ids = new List<string>();
        await foreach (var batch in merger.MergeAsync(skip, first, CancellationToken.None)) ids.AddRange(batch.Select(r => r.Id));
        return ids;
    }

    [Fact]
    public async Task Runs_come_out_newest_first_across_streams_each_once()
    {
        var a = new FakeStream("a", [90, 70, 50, 10]);
        var b = new FakeStream("b", [80, 60, 55, 40, 30]);
        var c = new FakeStream("c", []);
        var ids = await Merge(new RunMerger([a.Stream, b.Stream, c.Stream]));
        Assert.Equal(["a90", "b80", "a70", "b60", "b55", "a50", "b40", "b30", "a10"], ids);
    }

    [Fact]
    public async Task First_stops_reading_once_the_newest_are_certain()
    {
        var a = new FakeStream("a", [90, 89, 88, 87, 86, 85, 84, 83], batch: 2);
        var b = new FakeStream("b", [10, 9, 8, 7, 6, 5, 4, 3], batch: 2);
        var ids = await Merge(new RunMerger([a.Stream, b.Stream]), skip: 1, first: 2);
        Assert.Equal(["a89", "a88"], ids);
        Assert.InRange(a.BatchesRead, 2, 3); // the two needed, at most one more being fetched
        Assert.InRange(b.BatchesRead, 1, 2); // its first batch shows it is older
    }

    [Fact]
    public async Task A_failing_stream_is_reported_once_and_the_others_finish()
    {
        var a = new FakeStream("a", [90, 70, 50, 10], failAfterBatches: 1);
        var b = new FakeStream("b", [80, 60]);
        var failed = new List<string>();
        var merger = new RunMerger([a.Stream, b.Stream]) { StreamFailed = (s, e) => failed.Add($"{s.Name}: {e.Message}") };
        var ids = await Merge(merger);
        Assert.Equal(["a: a broke"], failed);
        Assert.Equal(["a90", "b80", "a70", "b60"], ids);
    }

    [Fact]
    public async Task Without_a_fault_handler_a_failing_stream_ends_the_merge()
    {
        var a = new FakeStream("a", [90, 70, 50, 10], failAfterBatches: 1);
        var b = new FakeStream("b", [80, 60]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Merge(new RunMerger([a.Stream, b.Stream])));
    }

    [Fact]
    public async Task A_stream_out_of_order_is_reported_and_still_listed_once()
    {
        var a = new FakeStream("a", [50, 90, 10]);
        var b = new FakeStream("b", [60]);
        var disorder = new List<string>();
        var ids = await Merge(new RunMerger([a.Stream, b.Stream]) { OutOfOrder = s => disorder.Add(s.Name) });
        Assert.Equal(["a", ], disorder);
        Assert.Equal(4, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_streams_batch_is_taken_only_once_the_merged_batch_holding_its_last_run_is()
    {
        var taken = new List<string>();
        RunStream Stream(string name, params int[][] batches) => new(TaskRunProvider.Deck, name, token => Batches(name, batches, taken, token));
        // a's first batch ends at minute 8, before b's first batch (9, 7, 5, 3) is half merged: b is held back.
        var merger = new RunMerger([Stream("a", [10, 8], [6, 4]), Stream("b", [9, 7, 5, 3])]);
        var merged = new List<string>();
        await foreach (RunBatch batch in merger.MergeAsync(0, ulong.MaxValue, CancellationToken.None))
        {
            if (merged.Count == 0)
            {
                Assert.Equal(["a10", "b9", "a8"], batch.Select(r => r.Id));
                Assert.Empty(taken); // handed out is not taken
                batch.Taken();
                Assert.Equal(["a#1"], taken); // b's batch still has runs waiting in the merge
            }
            else batch.Taken();
            merged.AddRange(batch.Select(r => r.Id));
        }
        Assert.Equal(["a10", "b9", "a8", "b7", "a6", "b5", "a4", "b3"], merged);
        Assert.Equal(["a#1", "a#2", "b#1"], taken);
    }

    /// <summary>Batches (runs at the given minutes) that record, by name, when the consumer reports them taken.</summary>
    private static async IAsyncEnumerable<RunBatch> Batches(string name, int[][] batches, List<string> taken, [EnumeratorCancellation] CancellationToken token)
    {
        for (int i = 0; i < batches.Length; i++)
        {
            await Task.Yield();
            token.ThrowIfCancellationRequested();
            string label = $"{name}#{i + 1}";
            yield return new RunBatch(
                batches[i].Select(m => new TaskRun { Id = $"{name}{m}", CreatedAt = Start.AddMinutes(m) }).ToList(),
                () => { lock (taken) taken.Add(label); });
        }
    }
}
