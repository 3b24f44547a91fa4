using System.Text.Json;
using TaskRuns.Emulator.Data;
using TaskRuns.Emulator.Faults;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Control;

/// <summary>Unauthenticated test hooks under /_emulator/ (never delayed or faulted).</summary>
internal sealed class ControlEndpoints
{
    private readonly EmulatorStats _stats;
    private readonly EmulatorStore _store;
    private readonly ForcedFaultQueue _forced;
    private readonly StreamDropSignal _drops;
    private readonly RunWisp.RunWispBackend _runWisp;

    public ControlEndpoints(EmulatorStats stats, EmulatorStore store, ForcedFaultQueue forced, StreamDropSignal drops, RunWisp.RunWispBackend runWisp)
    {
        _drops = drops;
        _runWisp = runWisp;
        _stats = stats;
        _store = store;
        _forced = forced;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/_emulator/stats", ["GET"], GetStatsAsync);
        routes.MapMethods("/_emulator/faults", ["POST"], AddFaultsAsync);
        routes.MapMethods("/_emulator/faults", ["DELETE"], ClearFaultsAsync);
        routes.MapMethods("/_emulator/reset-stats", ["POST"], ResetStatsAsync);
        routes.MapMethods("/_emulator/tasks", ["GET"], GetTasksAsync);
        routes.MapMethods("/_emulator/drop-streams", ["POST"], DropStreamsAsync);
        routes.MapMethods("/_emulator/runwisp/huge-log", ["POST"], HugeLogAsync);
    }

    private Task DropStreamsAsync(HttpContext context)
    {
        _drops.Drop();
        return JsonResponse.WriteEmptyAsync(context, StatusCodes.Status204NoContent);
    }

    /// <summary>Body <c>{"runId":"01J…","bytes":104857600}</c>; bytes 0 restores the normal log.</summary>
    private async Task HugeLogAsync(HttpContext context)
    {
        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        var body = document?.RootElement ?? default;
        var runId = ok && body.ValueKind == JsonValueKind.Object ? body.GetString("runId") : null;
        if (string.IsNullOrEmpty(runId) || !body.TryGetProperty("bytes", out var bytesElement) || !bytesElement.TryGetInt64(out var bytes) || bytes < 0)
        {
            await BadRequestAsync(context, "Body must be {\"runId\":\"<RunWisp run id>\",\"bytes\":<size, 0 = normal log>}");
            return;
        }

        _runWisp.Logs.MakeHuge(runId, bytes);
        await JsonResponse.WriteEmptyAsync(context, StatusCodes.Status204NoContent);
    }

    private Task GetStatsAsync(HttpContext context)
    {
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var provider in ProviderNames.All)
            {
                var stats = _stats.For(provider);
                w.WriteStartObject(provider);
                w.WriteNumber("requests", stats.Requests);
                w.WriteNumber("listRequests", stats.ListRequests);
                w.WriteStartObject("faultsInjected");
                foreach (var (kind, count) in stats.FaultsInjected)
                {
                    w.WriteNumber(kind, count);
                }

                w.WriteEndObject();
                w.WriteNumber("logins", stats.Logins);
                w.WriteNumber("loginFailures", stats.LoginFailures);
                w.WriteNumber("runsCreated", stats.RunsCreated);
                w.WriteNumber("runsInserted", stats.RunsInserted);
                w.WriteNumber("runsSpawned", stats.RunsSpawned);
                w.WriteNumber("rateLimited", stats.RateLimited);
                w.WriteNumber("listRequestsRateLimited", stats.ListRequestsRateLimited);
                w.WriteNumber("inFlight", stats.InFlight);
                w.WriteNumber("peakInFlight", stats.PeakInFlight);
                w.WriteEndObject();
            }

            w.WriteNumber("connectionsOpened", _stats.ConnectionsOpened);
            w.WriteEndObject();
        });
    }

    private async Task AddFaultsAsync(HttpContext context)
    {
        var (ok, document) = await RequestBody.TryReadJsonAsync(context);
        using var _ = document;
        if (!ok || document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            await BadRequestAsync(context, "Body must be {\"provider\":\"deck\",\"fault\":\"503\",\"count\":1,\"afterRequests\":0}");
            return;
        }

        var body = document.RootElement;
        var provider = body.GetString("provider") ?? "";
        var fault = body.GetString("fault") ?? (body.TryGetProperty("fault", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetRawText() : "");
        var count = ReadInt(body, "count", 1);
        var after = ReadInt(body, "afterRequests", 0);
        var path = body.GetString("path");
        try
        {
            _forced.Add(provider, fault, count, after, path);
        }
        catch (ArgumentException ex)
        {
            await BadRequestAsync(context, ex.Message);
            return;
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("provider", provider);
            w.WriteString("fault", fault);
            w.WriteNumber("count", count);
            w.WriteNumber("afterRequests", after);
            if (path is not null)
            {
                w.WriteString("path", path);
            }

            w.WriteEndObject();
        });
    }

    private Task ClearFaultsAsync(HttpContext context)
    {
        _forced.Clear();
        return JsonResponse.WriteEmptyAsync(context, StatusCodes.Status204NoContent);
    }

    private Task ResetStatsAsync(HttpContext context)
    {
        _stats.Reset();
        return JsonResponse.WriteEmptyAsync(context, StatusCodes.Status204NoContent);
    }

    private Task GetTasksAsync(HttpContext context)
    {
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var provider in ProviderNames.All)
            {
                w.WriteStartArray(provider);
                foreach (var task in _store.Tasks(provider))
                {
                    w.WriteStartObject();
                    w.WriteString("id", task.Id);
                    w.WriteString("name", task.Name);
                    w.WriteNumber("runs", _store.RunCount(provider, task.Id));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    private static int ReadInt(JsonElement body, string name, int defaultValue) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : defaultValue;

    private static Task BadRequestAsync(HttpContext context, string message) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });
}
