using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A stopped command's requests in flight are cancelled, but each one it started reaches the emulator or not a
/// moment later. Counting requests right after the command returns races them; these wait until the count has stood
/// still for a while (a fixed short sleep was not enough on a loaded CI machine).
/// </summary>
public static class SettledRequests
{
    /// <summary>
    /// The provider's answered list requests (<see cref="ProviderStats.ListRequestsAnswered"/>: a request refused by
    /// Deck's limit, whose budget the test's own oracle spends too, and its retry count as one) once the count has not
    /// changed for <paramref name="quietMs"/> (at most 5 s).
    /// </summary>
    public static long AnsweredListRequestsSettled(this ProviderStats stats, int quietMs = 400)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long last = stats.ListRequestsAnswered;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            long now = stats.ListRequestsAnswered;
            if (now != last || stats.InFlight > 0)
            {
                last = now;
                quietSince = DateTime.UtcNow;
            }
            else if ((DateTime.UtcNow - quietSince).TotalMilliseconds >= quietMs)
            {
                break;
            }
        }
        return stats.ListRequestsAnswered;
    }
}
