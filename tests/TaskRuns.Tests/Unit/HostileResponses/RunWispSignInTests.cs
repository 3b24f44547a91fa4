using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Tests.Infrastructure;
using static TaskRuns.Tests.Infrastructure.HostileListing;

namespace TaskRuns.Tests.Unit.HostileResponses;

/// <summary>RunWisp's challenge sign-in under faults and with a wrong password.</summary>
public sealed class RunWispSignInTests
{
    public static TheoryData<string> SignInFaults() => new("dropped", "503", "truncated");

    [Theory]
    [MemberData(nameof(SignInFaults))]
    public async Task RunWisp_sign_in_survives_a_transient_fault_on_the_answer_with_a_fresh_challenge(string fault)
    {
        int answers = 0;
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, CannedListing(TaskRunProvider.RunWisp, 4, 2), signIn: request =>
        {
            if (request.Path != "/api/auth" || Interlocked.Increment(ref answers) > 1) return null; // the harness's normal answer
            return fault switch
            {
                "dropped" => CannedResponse.Dropped(),
                "503" => CannedResponse.Text("""{"title":"Service Unavailable","status":503}""", "application/problem+json", 503, "Service Unavailable"),
                _ => CannedResponse.Json("""{"tok"""),
            };
        });

        var runs = await harness.ListAllAsync();

        Assert.Equal(Enumerable.Range(0, 4).Select(RunId), runs.Select(r => r.Id));
        var signIns = harness.Server.Requests.Where(ProviderHarness.IsSignIn).ToList();
        // challenge, answer (fault), challenge again (a nonce is single-use), answer.
        Assert.Equal(["/api/auth/challenge", "/api/auth", "/api/auth/challenge", "/api/auth"], signIns.Select(r => r.Path));
        Assert.Single(harness.Log.VerboseLines, v => v.Contains(" failed ("));
    }

    [Fact]
    public async Task A_wrong_RunWisp_password_is_one_sign_in_attempt_and_an_AuthenticationFailed()
    {
        await using var harness = new ProviderHarness(TaskRunProvider.RunWisp, CannedListing(TaskRunProvider.RunWisp, 4, 2), signIn: request =>
            request.Path == "/api/auth" ? CannedResponse.Text("""{"title":"Unauthorized","status":401,"detail":"invalid credentials"}""", "application/problem+json", 401, "Unauthorized") : null);

        var (runs, error) = await ListAllCatching(harness);

        var api = AssertApiError(error, TaskRunProvider.RunWisp, "AuthenticationFailed", 401);
        Assert.Contains("invalid credentials", api.Message);
        Assert.Empty(runs);
        Assert.Single(harness.Server.Requests, r => r.Path == "/api/auth");
        Assert.Empty(harness.ApiRequests);
    }
}
