using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Deck;

/// <summary>
/// <c>GET /v2/events</c> (type, created_after, created_before, limit, cursor; newest first, Deck's list shape) and
/// <c>GET /v2/events/{eventId}</c>. Event: <c>{id, object:"event", type, data: TaskRun, created_at}</c>.
/// </summary>
internal sealed partial class DeckApi
{
    private void MapEventRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapProvider("GET", "/v2/events", ListEventsAsync, new ProviderEndpoint(ProviderNames.Deck));
        routes.MapProvider("GET", "/v2/events/{eventId}", GetEventAsync, new ProviderEndpoint(ProviderNames.Deck));
    }

    private async Task ListEventsAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var limit = ReadLimit(context, errors);
        var query = context.Request.Query;
        var types = DeckRunFilter.Values(query["type"]);
        var after = DeckRunFilter.ReadTime(query, "created_after", errors);
        var before = DeckRunFilter.ReadTime(query, "created_before", errors);
        var cursor = query["cursor"].ToString();
        var olderThan = long.MaxValue;
        if (cursor.Length > 0 && !_backend.Events.TryDecodeCursor(cursor, out olderThan))
        {
            DeckRunFilter.AddError(errors, "cursor", "The cursor is invalid or has expired.");
        }

        if (errors.Count > 0)
        {
            await ValidationAsync(context, errors);
            return;
        }

        var page = _backend.Events.OlderThan(olderThan, limit + 1, e =>
            (types.Count == 0 || types.Contains(e.Type))
            && (after is null || e.CreatedAt > after)
            && (before is null || e.CreatedAt < before));
        var hasMore = page.Count > limit;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => DeckJson.WriteListPage(w, page, (writer, e) => WriteEvent(writer, e), hasMore,
            hasMore ? DeckEventLog.CursorAfter(page[^1]) : null, RequestId.Of(context)));
    }

    private async Task GetEventAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await UnauthorizedAsync(context);
            return;
        }

        if (_backend.Events.Find(RouteValue(context, "eventId")) is not { } found)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "invalid_request", "resource_not_found", "Event not found.");
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w => WriteEvent(w, found, RequestId.Of(context)));
    }

    private static void WriteEvent(Utf8JsonWriter w, DeckEvent e, string? requestId = null)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("object", "event");
        w.WriteString("type", e.Type);
        w.WriteRawOrNull("data", e.DataJson);
        w.WriteString("created_at", TimeFormats.Deck(e.CreatedAt));
        if (requestId is not null)
        {
            w.WriteString("request_id", requestId);
        }

        w.WriteEndObject();
    }
}
