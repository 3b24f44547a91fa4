using System.Text.Json;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.Anchor;

/// <summary>Anchor wire shapes (seeds 000/001 and the anchorbrowser OpenAPI file).</summary>
internal static class AnchorJson
{
    public static void WriteError(Utf8JsonWriter w, int code, string message)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteExecution(Utf8JsonWriter w, AnchorExecution e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("taskVersionId", e.TaskVersionId);
        w.WriteString("version", e.Version);
        w.WriteString("status", e.Status);
        w.WriteStringOrNull("output", e.Output);
        w.WriteStringOrNull("errorMessage", e.ErrorMessage);
        w.WriteString("startTime", TimeFormats.Anchor(e.CreatedAt));
        w.WriteNumberOrNull("executionTime", e.ExecutionTimeMs);
        w.WriteEndObject();
    }

    public static void WriteExecutionPage(Utf8JsonWriter w, IReadOnlyList<AnchorExecution> results, int page, int limit, long total, long totalPages)
    {
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.WriteStartArray("results");
        foreach (var e in results)
        {
            WriteExecution(w, e);
        }

        w.WriteEndArray();
        w.WriteStartObject("pagination");
        w.WriteNumber("page", page);
        w.WriteNumber("limit", limit);
        w.WriteNumber("total", total);
        w.WriteNumber("totalPages", totalPages);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteTask(Utf8JsonWriter w, AnchorTask t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
        w.WriteString("teamId", t.TeamId);
        w.WriteString("description", t.Description);
        w.WriteString("latest", t.LatestVersion);
        w.WriteString("latestVersion", t.LatestVersion);
        w.WriteString("language", "typescript");
        w.WriteBoolean("deleted", false);
        w.WriteString("createdAt", TimeFormats.Anchor(t.CreatedAt));
        w.WriteString("updatedAt", TimeFormats.Anchor(t.UpdatedAt));
        w.WriteEndObject();
    }

    public static void WriteTaskPage(Utf8JsonWriter w, IEnumerable<AnchorTask> tasks, int total, int page, int limit)
    {
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.WriteStartArray("tasks");
        foreach (var t in tasks)
        {
            WriteTask(w, t);
        }

        w.WriteEndArray();
        w.WriteNumber("total", total);
        w.WriteNumber("page", page);
        w.WriteNumber("limit", limit);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>RunTaskResponse of POST /v1/task/run.</summary>
    public static void WriteRunTaskResponse(Utf8JsonWriter w, AnchorExecution e, bool isAsync)
    {
        var succeeded = e.Status == AnchorStatuses.Success;
        w.WriteStartObject();
        w.WriteStartObject("data");
        w.WriteBoolean("success", isAsync || succeeded);
        w.WriteBoolean("async", isAsync);
        w.WriteString("message", isAsync ? "Task execution started" : succeeded ? "Task executed successfully" : "Task execution failed");
        w.WriteString("taskId", e.TaskKey);
        if (!isAsync)
        {
            if (e.ExecutionTimeMs is { } ms)
            {
                w.WriteNumber("executionTime", ms);
            }

            if (e.Output is not null)
            {
                w.WriteString("output", e.Output);
            }

            if (!succeeded && !string.IsNullOrEmpty(e.ErrorMessage))
            {
                w.WriteString("error", e.ErrorMessage);
            }
        }

        w.WriteString("executionResultId", e.Id);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>TaskRunStatusV2Response (no data wrapper).</summary>
    public static void WriteRunStatusV2(Utf8JsonWriter w, AnchorExecution e)
    {
        w.WriteStartObject();
        w.WriteString("run_id", e.Id);
        w.WriteString("status", e.Status);
        if (e.Status == AnchorStatuses.Success)
        {
            w.WriteStartObject("result");
            w.WriteStringOrNull("output", e.Output);
            w.WriteEndObject();
        }
        else if (e.IsTerminal && !string.IsNullOrEmpty(e.ErrorMessage))
        {
            w.WriteString("error", e.ErrorMessage);
        }

        if (e.SessionId is not null)
        {
            w.WriteString("session_id", e.SessionId);
        }

        w.WriteEndObject();
    }
}
