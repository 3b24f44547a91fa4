namespace TaskRuns.Emulator.RunWisp;

/// <summary>Outcome of a RunWisp login attempt.</summary>
internal enum RunWispLoginResult
{
    Succeeded,
    RateLimited,
    InvalidNonce,
    InvalidResponse,
}
