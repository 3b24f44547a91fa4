namespace TaskRuns.Emulator.Faults;

/// <summary>The fault kinds the emulator can inject, and where each one applies.</summary>
public static class FaultKinds
{
    public const string TooManyRequests = "429";
    public const string TooManyRequestsNoRetryAfter = "429-no-retry-after";
    public const string TooManyRequestsDate = "429-date";
    public const string RequestTimeout = "408";
    public const string InternalServerError = "500";
    public const string BadGateway = "502";
    public const string ServiceUnavailable = "503";
    public const string GatewayTimeout = "504";
    public const string Reset = "reset";
    public const string ResetAfterProcessing = "reset-after";
    public const string Slow = "slow";
    public const string Truncated = "truncated";
    public const string Html = "html";
    public const string Empty = "empty";
    public const string RepeatCursor = "repeat-cursor";
    public const string MoreWithoutCursor = "more-no-cursor";
    public const string TotalChanges = "total-changes";

    public static readonly IReadOnlyList<string> All =
    [
        TooManyRequests, TooManyRequestsNoRetryAfter, TooManyRequestsDate, RequestTimeout,
        InternalServerError, BadGateway, ServiceUnavailable, GatewayTimeout,
        Reset, ResetAfterProcessing, Slow, Truncated, Html, Empty,
        RepeatCursor, MoreWithoutCursor, TotalChanges,
    ];

    public static bool IsKnown(string kind) => All.Contains(kind);

    internal static bool IsPagingTrap(string kind) => kind is RepeatCursor or MoreWithoutCursor or TotalChanges;

    /// <summary>The HTTP status of a status-code fault, or null for the other kinds.</summary>
    internal static int? StatusCodeOf(string kind) => kind switch
    {
        TooManyRequests or TooManyRequestsNoRetryAfter or TooManyRequestsDate => 429,
        RequestTimeout => 408,
        InternalServerError => 500,
        BadGateway => 502,
        ServiceUnavailable => 503,
        GatewayTimeout => 504,
        _ => null,
    };

    /// <summary>
    /// Whether a kind can be applied to a request of this endpoint: paging traps only on run-list
    /// endpoints of providers that have that kind of paging; body rewrites never on streams.
    /// </summary>
    internal static bool AppliesTo(string kind, ProviderEndpoint endpoint) => kind switch
    {
        RepeatCursor or MoreWithoutCursor => endpoint.IsRunList && endpoint.Provider == Data.ProviderNames.Deck,
        TotalChanges => endpoint.IsRunList && endpoint.Provider != Data.ProviderNames.Deck,
        Truncated or ResetAfterProcessing => !endpoint.IsStreaming,
        _ => true,
    };
}
