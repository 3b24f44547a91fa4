using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>Retry-After values out of range, and the documented retry defaults.</summary>
public sealed class RetrySettingsTests
{
    [Fact]
    public async Task A_Retry_After_beyond_30_seconds_is_capped_at_30()
    {
        using var cancel = new CancellationTokenSource();
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor,
            _ => CannedResponse.Json("""{"error":{"code":429,"message":"slow down"}}""", 429, "Too Many Requests").WithHeader("Retry-After", "3600"));
        harness.Log.OnVerbose = line => { if (line.Contains(" failed (")) cancel.Cancel(); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ListAllAsync(cancellationToken: cancel.Token));

        string retry = Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed ("));
        Assert.Contains("HTTP 429", retry);
        Assert.Contains("Retry-After 3600.0 s", retry);
        Assert.EndsWith("retry 1 of 2 in 30.0 s.", retry);
        Assert.Single(harness.ApiRequests);
    }

    [Fact]
    public async Task A_Retry_After_date_in_the_past_retries_at_once()
    {
        int calls = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.Anchor, request =>
            Interlocked.Increment(ref calls) == 1
                ? CannedResponse.Json("{}", 503, "Service Unavailable").WithHeader("Retry-After", DateTimeOffset.UtcNow.AddHours(-1).ToString("R"))
                : CannedResponse.Json(Pages.Valid(TaskRunProvider.Anchor, [RunId(0)], 1, 2, 1)));

        var runs = await harness.ListAllAsync();

        Assert.Equal([RunId(0)], runs.Select(r => r.Id));
        Assert.EndsWith("retry 1 of 2 in 0 ms.", Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed (")));
    }

    [Fact]
    public void The_documented_defaults_are_the_defaults()
    {
        var defaults = new RetrySettings();
        Assert.Equal(5, defaults.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), defaults.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(100), defaults.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.OverallTimeout);
        Assert.Equal(64L * 1024 * 1024, defaults.MaxResponseBytes);
    }
}
