namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An emulator of its own enforcing Deck's documented 200 requests per 10 s (the default), so a test can spend the
/// whole budget and read the emulator's counts without other tests' requests in the window.
/// </summary>
public sealed class DeckRateLimitFixture : EmulatorFixture
{
}
