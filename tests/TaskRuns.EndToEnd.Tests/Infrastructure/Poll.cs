using System.Diagnostics;
using Xunit;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for something another thread or process makes true, failing with a message if it does not in time.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            Thread.Sleep(20);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            await Task.Delay(20);
        }
    }
}
