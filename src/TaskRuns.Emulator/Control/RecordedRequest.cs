namespace TaskRuns.Emulator;

/// <summary>
/// A provider API request as the emulator routed it (kept for tests, see <see cref="ProviderStats.RecentRequests"/>):
/// the route pattern it matched, the request target exactly as sent (<see cref="RawTarget"/>, still escaped) and the
/// decoded route and query values it was answered with.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    string Route,
    string Path,
    string RawTarget,
    IReadOnlyDictionary<string, string?> RouteValues,
    IReadOnlyDictionary<string, string[]> Query)
{
    /// <summary>The single value of a query parameter, or null when it is absent.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;

    /// <summary>A route value (e.g. runId), decoded as the handler saw it.</summary>
    public string? RouteValue(string name) => RouteValues.TryGetValue(name, out var value) ? value : null;

    internal static RecordedRequest From(HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var routeValues = context.Request.RouteValues.ToDictionary(p => p.Key, p => p.Value?.ToString(), StringComparer.OrdinalIgnoreCase);
        var query = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        return new RecordedRequest(context.Request.Method, route, context.Request.Path.Value ?? "", rawTarget, routeValues, query);
    }
}
