using TaskRuns.Emulator.Faults;

namespace TaskRuns.Emulator.Http;

/// <summary>Maps a provider route with its <see cref="ProviderEndpoint"/> metadata.</summary>
internal static class EndpointMapping
{
    public static IEndpointConventionBuilder MapProvider(
        this IEndpointRouteBuilder routes, string method, string pattern, RequestDelegate handler, ProviderEndpoint endpoint)
    {
        return routes.MapMethods(pattern, [method], handler).WithMetadata(endpoint);
    }
}
