using System.Globalization;
using System.Text.Json;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Deck;

/// <summary>Deck wire shapes (seed 003: ListTaskRunData, paginated responses, error bodies).</summary>
internal static class DeckJson
{
    public static void WriteRun(Utf8JsonWriter w, DeckRun run, IReadOnlyCollection<string>? include = null)
    {
        w.WriteStartObject();
        w.WriteString("id", run.Id);
        w.WriteString("object", "task_run");
        w.WriteString("status", run.Status);
        w.WriteStringOrNull("result", run.Result);
        w.WriteString("task_id", run.TaskKey);
        w.WriteStringOrNull("credential_id", run.CredentialId);
        w.WriteStringOrNull("session_id", run.SessionId);
        w.WriteString("agent_id", run.AgentId);
        w.WriteStringOrNull("source_id", run.SourceId);
        if (run.RuntimeMs is null)
        {
            w.WriteNull("runtime_ms");
        }
        else if (run.RuntimeAsString)
        {
            w.WriteString("runtime_ms", run.RuntimeMs.Value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNumber("runtime_ms", run.RuntimeMs.Value);
        }

        w.WriteRawOrNull("output", run.OutputJson);
        if (run.Errors is null)
        {
            w.WriteNull("errors");
        }
        else
        {
            w.WriteStartArray("errors");
            foreach (var error in run.Errors)
            {
                WriteError(w, error, includeField: true);
            }

            w.WriteEndArray();
        }

        w.WriteRawOrNull("interaction", run.InteractionJson);
        w.WriteString("created_at", TimeFormats.Deck(run.CreatedAt));
        w.WriteString("updated_at", TimeFormats.Deck(run.UpdatedAt));
        if (include is not null)
        {
            if (include.Contains("input"))
            {
                w.WriteRawOrNull("input", run.InputJson);
            }

            if (include.Contains("storage"))
            {
                w.WriteNull("storage");
            }

            if (include.Contains("artifacts"))
            {
                w.WriteStartArray("artifacts");
                w.WriteEndArray();
            }
        }

        w.WriteEndObject();
    }

    public static void WriteRunPage(Utf8JsonWriter w, IReadOnlyList<DeckRun> runs, bool hasMore, string? nextCursor, string requestId) =>
        WriteListPage(w, runs, (writer, run) => WriteRun(writer, run), hasMore, nextCursor, requestId);

    /// <summary>Every Deck list: <c>{"data":[...],"has_more","next_cursor","request_id"}</c>.</summary>
    public static void WriteListPage<T>(Utf8JsonWriter w, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem, bool hasMore, string? nextCursor, string requestId)
    {
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var item in items)
        {
            writeItem(w, item);
        }

        w.WriteEndArray();
        w.WriteBoolean("has_more", hasMore);
        w.WriteStringOrNull("next_cursor", nextCursor);
        w.WriteString("request_id", requestId);
        w.WriteEndObject();
    }

    public static void WriteTask(Utf8JsonWriter w, DeckTask task)
    {
        w.WriteStartObject();
        w.WriteString("id", task.Id);
        w.WriteString("object", "task");
        w.WriteString("name", task.Name);
        w.WriteString("description", task.Description);
        w.WriteString("agent_id", task.AgentId);
        w.WriteString("created_at", TimeFormats.Deck(task.CreatedAt));
        w.WriteString("updated_at", TimeFormats.Deck(task.CreatedAt));
        w.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter w, DeckRunError error, bool includeField)
    {
        w.WriteStartObject();
        w.WriteString("type", error.Type);
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        if (includeField)
        {
            w.WriteStringOrNull("field", error.Field);
        }

        w.WriteEndObject();
    }

    /// <summary>ErrorResponse (404/409/422/429/500): <c>{"errors":[...],"request_id"}</c>.</summary>
    public static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<DeckRunError> errors, string requestId, bool includeField = true)
    {
        w.WriteStartObject();
        w.WriteStartArray("errors");
        foreach (var error in errors)
        {
            WriteError(w, error, includeField);
        }

        w.WriteEndArray();
        w.WriteString("request_id", requestId);
        w.WriteEndObject();
    }

    /// <summary>ValidationErrorResponse (400): RFC 9110 problem with errors grouped by field.</summary>
    public static void WriteValidationErrors(Utf8JsonWriter w, IReadOnlyDictionary<string, List<string>> errors, string traceId)
    {
        w.WriteStartObject();
        w.WriteString("type", "https://tools.ietf.org/html/rfc9110#section-15.5.1");
        w.WriteString("title", "One or more validation errors occurred.");
        w.WriteNumber("status", 400);
        w.WriteStartObject("errors");
        foreach (var (field, messages) in errors)
        {
            w.WriteStartArray(field);
            foreach (var message in messages)
            {
                w.WriteStringValue(message);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("traceId", traceId);
        w.WriteEndObject();
    }
}
