using System.Text.Json;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>RunWisp wire shapes: seed 002 (0.4.x) or the newer daemon's ("new" mode).</summary>
internal static class RunWispJson
{
    public static string SchemaUrl(HttpContext context, string name) =>
        $"{context.Request.Scheme}://{context.Request.Host}/schemas/{name}.json";

    public static void WriteRun(Utf8JsonWriter w, RunWispRun run, bool newApi, string? schemaUrl = null)
    {
        w.WriteStartObject();
        if (schemaUrl is not null)
        {
            w.WriteString("$schema", schemaUrl);
        }

        w.WriteString("id", run.Id);
        w.WriteString("task_name", run.TaskKey);
        w.WriteString("status", run.Status);
        if (run.EndReason is not null)
        {
            w.WriteString("end_reason", run.EndReason);
        }

        w.WriteNumber("exit_code", run.ExitCode);
        w.WriteString("created_at", TimeFormats.RunWisp(run.CreatedAt));
        if (run.StartAt is { } startAt)
        {
            w.WriteString("start_at", TimeFormats.RunWisp(startAt));
        }

        if (run.EndAt is { } endAt)
        {
            w.WriteString("end_at", TimeFormats.RunWisp(endAt));
        }

        w.WriteNumber(newApi ? "instance_index" : "replica_index", run.ReplicaIndex);
        w.WriteNumber("retry_attempt", run.RetryAttempt);
        if (run.RetryOfRunId is not null)
        {
            w.WriteString("retry_of_run_id", run.RetryOfRunId);
        }

        w.WriteString("triggered_by", run.TriggeredBy);
        if (run.ExternalExecutionId is not null)
        {
            w.WriteString("external_execution_id", run.ExternalExecutionId);
        }

        if (run.Params is { Count: > 0 } parameters)
        {
            w.WriteStartObject("params");
            foreach (var (key, value) in parameters)
            {
                w.WriteStringOrNull(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>RunsResponseBody: <c>runs</c> (seed) or <c>items</c> (new) is JSON null when the page is empty.</summary>
    public static void WriteRunPage(Utf8JsonWriter w, IReadOnlyList<RunWispRun> runs, long total, bool newApi, string schemaUrl)
    {
        w.WriteStartObject();
        w.WriteString("$schema", schemaUrl);
        w.WritePropertyName(newApi ? "items" : "runs");
        if (runs.Count == 0)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartArray();
            foreach (var run in runs)
            {
                WriteRun(w, run, newApi);
            }

            w.WriteEndArray();
        }

        w.WriteNumber("total", total);
        w.WriteEndObject();
    }

    public static void WriteTask(Utf8JsonWriter w, RunWispTask task)
    {
        w.WriteStartObject();
        w.WriteString("name", task.Name);
        w.WriteString("kind", "task");
        w.WriteString("description", task.Description);
        w.WriteString("group", task.Group);
        w.WriteString("cron", task.Cron);
        w.WriteBoolean("api_trigger", true);
        w.WriteBoolean("autostart", false);
        w.WriteNumber("max_concurrent", 1);
        w.WriteNumber("retry_attempts", task.AlwaysFails ? 0 : 1);
        w.WriteNumber("timeout", 3_600_000_000_000L);
        w.WriteEndObject();
    }

    public static void WriteProblem(Utf8JsonWriter w, int status, string title, string detail, IReadOnlyList<RunWispValidationError>? errors = null, string? schemaUrl = null)
    {
        w.WriteStartObject();
        if (schemaUrl is not null)
        {
            w.WriteString("$schema", schemaUrl);
        }

        w.WriteString("title", title);
        w.WriteNumber("status", status);
        w.WriteString("detail", detail);
        if (errors is { Count: > 0 })
        {
            w.WriteStartArray("errors");
            foreach (var error in errors)
            {
                w.WriteStartObject();
                w.WriteString("message", error.Message);
                w.WriteString("location", error.Location);
                w.WritePropertyName("value");
                switch (error.Value)
                {
                    case null:
                        w.WriteNullValue();
                        break;
                    case long number:
                        w.WriteNumberValue(number);
                        break;
                    default:
                        w.WriteStringValue(error.Value.ToString());
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
