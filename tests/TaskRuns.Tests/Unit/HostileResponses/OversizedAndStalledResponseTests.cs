using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>Bodies too big to read or too slow to arrive: cut off at the cap or timed out per attempt, never a hang.</summary>
public sealed class OversizedAndStalledResponseTests
{
    [Fact]
    public async Task A_gigantic_body_is_cut_off_at_64_MiB_and_not_retried()
    {
        Assert.Equal(64L * 1024 * 1024, new RetrySettings().MaxResponseBytes); // the documented cap
        long written = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, CannedListing(TaskRunProvider.Anchor, 4, 2, (_, _) => new CannedResponse
        {
            // Endless JSON whitespace after the opening: only the cap can end it. No Content-Length.
            WriteBody = async (stream, token) =>
            {
                await stream.WriteAsync("{\"data\":"u8.ToArray(), token);
                byte[] spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                for (int i = 0; i < 2000; i++)
                {
                    await stream.WriteAsync(spaces, token);
                    Interlocked.Add(ref written, spaces.Length);
                }
            },
        }));

        var watch = Stopwatch.StartNew();
        var (_, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, TaskRunProvider.Anchor, "InvalidResponse", 200);
        Assert.Contains("larger than 64 MiB", api.Message);
        Assert.Single(harness.ApiRequests);
        Assert.InRange(Interlocked.Read(ref written), 60L * 1024 * 1024, 100L * 1024 * 1024); // it stopped reading near the cap
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
    }

    [Theory]
    [MemberData(nameof(AllProviders), MemberType = typeof(HostileListing))]
    public async Task A_page_larger_than_the_cap_is_InvalidResponse(TaskRunProvider provider)
    {
        var many = Enumerable.Range(0, 10000).Select(RunId).ToList();
        string huge = Pages.Valid(provider, many, 1, 2, 10000);
        Assert.True(huge.Length > 1024 * 1024);
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 4, 2, (_, _) => CannedResponse.Json(huge)),
            settings => settings.MaxResponseBytes = 1024 * 1024);

        var (_, error) = await ListAllCatching(harness);

        Assert.Contains("larger than 1 MiB", AssertApiError(error, provider, "InvalidResponse", 200).Message);
        Assert.Single(harness.ApiRequests);
    }

    public static TheoryData<int> StalledStatuses() => new(200, 503);

    [Theory]
    [MemberData(nameof(StalledStatuses))]
    public async Task A_body_that_stalls_half_way_times_out_per_attempt_instead_of_hanging(int status)
    {
        await using var harness = new ProviderHarness(TaskRunProvider.Deck, CannedListing(TaskRunProvider.Deck, 4, 2, (_, _) => new CannedResponse
        {
            Status = status,
            Reason = status == 200 ? "OK" : "Service Unavailable",
            Body = Encoding.UTF8.GetBytes("{\"data\":[{\"id\":\"run-"),
            AnnouncedLength = 1000,
            StallAfterBody = TimeSpan.FromSeconds(30),
        }), settings => settings.AttemptTimeout = TimeSpan.FromSeconds(2)); // 0.4 s, then 1 s, were too short for every attempt to arrive when CI was busy

        var watch = Stopwatch.StartNew();
        var (_, error) = await ListAllCatching(harness);
        watch.Stop();

        var api = Assert.IsType<TaskRunApiException>(error);
        Assert.Equal("RequestTimeout", api.ErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, api.Category);
        Assert.StartsWith("Deck: no answer within 2 s [GET /task-runs?limit=2]", api.Message);
        Assert.Equal(3, harness.ApiRequests.Count); // each stalled attempt was abandoned and retried
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(25)); // three attempts of 2 s each
    }
}
