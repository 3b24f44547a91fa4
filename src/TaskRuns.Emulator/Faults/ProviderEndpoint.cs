namespace TaskRuns.Emulator.Faults;

/// <summary>
/// Endpoint metadata marking a provider API route: counted in stats, delayed by latency,
/// subject to faults. Routes without it (control endpoints, the HTML fallback) are left alone.
/// </summary>
internal sealed record ProviderEndpoint(string Provider, bool IsRunList = false, bool IsStreaming = false);
