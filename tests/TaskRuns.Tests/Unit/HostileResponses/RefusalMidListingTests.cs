using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>A 401 or 403 part-way through a listing: it stops at once and is never retried.</summary>
public sealed class RefusalMidListingTests
{
    public static TheoryData<TaskRunProvider, int> Refusals() => new()
    {
        { TaskRunProvider.Anchor, 401 }, { TaskRunProvider.Anchor, 403 },
        { TaskRunProvider.RunWisp, 401 }, { TaskRunProvider.RunWisp, 403 },
        { TaskRunProvider.Deck, 401 }, { TaskRunProvider.Deck, 403 },
        { TaskRunProvider.BrowserAct, 401 }, { TaskRunProvider.BrowserAct, 403 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_401_or_403_mid_way_stops_paging_at_once_and_is_never_retried(TaskRunProvider provider, int status)
    {
        await using var harness = new ProviderHarness(provider, CannedListing(provider, 10, 2,
            (index, _) => index == 1 ? new CannedResponse { Status = status, Reason = status == 401 ? "Unauthorized" : "Forbidden", ContentType = null } : null));

        var (runs, error) = await ListAllCatching(harness, throttle: 4);

        var api = AssertApiError(error, provider, status == 401 ? "AuthenticationFailed" : "PermissionDenied", status);
        Assert.Equal(status == 401 ? ErrorCategory.AuthenticationError : ErrorCategory.PermissionDenied, api.Category);
        Assert.True(api.StopsCommand);
        Assert.False(api.IsTransient);
        // RunWisp's cached sign-in may have expired: on a 401 it signs in once more and asks again, then gives up.
        int expected = provider == TaskRunProvider.RunWisp && status == 401 ? 2 : 1;
        Assert.Equal(expected, RequestsFor(harness, provider, 1));
        Assert.Equal([RunId(0), RunId(1)], runs.Select(r => r.Id));
        Assert.DoesNotContain(harness.Log.VerboseLines, v => v.Contains(" failed ("));
    }
}
