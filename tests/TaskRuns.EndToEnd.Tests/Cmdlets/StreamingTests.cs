using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>
/// Runs reach the pipeline as their page arrives, and a pipeline that stops to work holds paging back: the module
/// never reads ahead more than a few pages, whatever the total (so memory does not grow with the number of runs).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class StreamingTests : IDisposable
{
    private const int PageSize = 5;
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _ps;

    public StreamingTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = emulator.NewSession();
    }

    public void Dispose() => _ps.Dispose();

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public void The_first_run_is_written_early_and_a_paused_pipeline_holds_paging_back(string providerName)
    {
        var provider = ProviderCase.Named(providerName);
        string task = provider.FirstTask(_emulator.Host);
        var expected = provider.ExpectedIds(_emulator.Host, task);
        int pages = (expected.Count + PageSize - 1) / PageSize;
        Assert.True(pages >= 40, $"the seeded task needs many pages for this test ({pages})");

        // On the first run the pipeline stops for a second: paging may run ahead by what is queued for the pipeline
        // (4 pages) plus the pages in flight (the throttle, 8 at most), and no further.
        var result = _ps.Run($$"""
            $stats = $args[1]; $before = $stats.ListRequestsAnswered; $atFirst = -1; $afterPause = -1
            $ids = [System.Collections.Generic.List[string]]::new()
            Get-TaskRun @{{provider.Splat}} -TaskId $args[0] -All -PageSize {{PageSize}} | ForEach-Object {
                if ($ids.Count -eq 0) {
                    $atFirst = $stats.ListRequestsAnswered - $before
                    [System.Threading.Thread]::Sleep(1000)
                    $afterPause = $stats.ListRequestsAnswered - $before
                }
                $ids.Add($_.Id)
            }
            $atFirst; $afterPause; $stats.ListRequestsAnswered - $before; , $ids.ToArray()
            """, task, _emulator.Host.Stats.For(provider.Emulator)).ThrowIfErrors();

        long atFirst = Convert.ToInt64(result.Output[0].BaseObject);
        long afterPause = Convert.ToInt64(result.Output[1].BaseObject);
        long total = Convert.ToInt64(result.Output[2].BaseObject);
        var ids = ((object[])result.Output[3].BaseObject).Cast<string>().ToList();

        Assert.Equal(expected, ids); // every run once, in the provider's order
        // Deck pages creation-time slices: a few probes and each slice's last page come on top of the pages.
        Assert.InRange(total, pages, provider == ProviderCase.Deck ? pages + pages / 3 + 10 : pages + 1);
        Assert.InRange(atFirst, 1, 16);
        Assert.InRange(afterPause, atFirst, 16);
        Assert.True(afterPause < pages, $"paging ran on to page {afterPause} of {pages} while the pipeline was paused");
    }
}
