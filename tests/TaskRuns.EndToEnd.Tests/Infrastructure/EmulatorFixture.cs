using TaskRuns.Emulator;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>Starts TaskRuns.Emulator on a free loopback port for a test class (or collection) and stops it after.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-7f3a9c";
    public const string RunWispPassword = "test-password-52b1";

    public EmulatorHost Host { get; private set; } = null!;
    public Uri BaseUri => Host.BaseUri;

    protected virtual void Configure(EmulatorOptions options) { }

    public async Task InitializeAsync()
    {
        // Fast retries for tests; the defaults (1 s base) are documented for users.
        Environment.SetEnvironmentVariable("TASKRUNS_RETRY_BASE_DELAY_MS", "20");
        var options = new EmulatorOptions
        {
            Urls = "http://127.0.0.1:0",
            ApiKey = ApiKey,
            RunWispPassword = RunWispPassword,
            Seed = 7,
            RunsPerTask = 237,
            TasksPerProvider = 3,
            RunWispLoginLimit = 0, // every in-process test logs in from 127.0.0.1
            // Deck's 200 requests / 10 s stays on (the emulator's default): the module keeps under it by itself.
        };
        Configure(options);
        Host = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public PowerShellSession NewSession() => new(BaseUri);
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
