using System.Text.Json;
using TaskRuns.Emulator.Http;

namespace TaskRuns.Emulator.BrowserAct;

/// <summary>BrowserAct wire shapes (seed 004 and the browseract OpenAPI file).</summary>
internal static class BrowserActJson
{
    public static void WriteEnvelope(Utf8JsonWriter w, int code, string message, string traceId)
    {
        var now = DateTimeOffset.UtcNow;
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteNull("data");
        w.WriteNumber("ts", now.ToUnixTimeMilliseconds());
        w.WriteString("time", TimeFormats.BrowserActErrorTime(now));
        w.WriteString("traceId", traceId);
        w.WriteEndObject();
    }

    /// <summary>WorkflowTaskSimpleResponse; with <paramref name="full"/> the WorkflowTaskResponse of get-task.</summary>
    public static void WriteTask(Utf8JsonWriter w, BrowserActTask task, bool full = false)
    {
        w.WriteStartObject();
        w.WriteString("id", task.Id);
        w.WriteString("status", task.Status);
        w.WriteString("created_at", TimeFormats.BrowserAct(task.CreatedAt));
        w.WriteStringOrNull("finished_at", task.FinishedAt is { } finished ? TimeFormats.BrowserAct(finished) : null);
        if (task.HasOutput)
        {
            w.WriteStartObject("output");
            w.WriteStringOrNull("string", task.OutputString);
            w.WriteStartArray("files");
            foreach (var file in task.OutputFiles)
            {
                w.WriteStringValue(file);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("output");
        }

        if (task.FailureCode is { } code)
        {
            w.WriteStartObject("task_failure_info");
            w.WriteNumber("code", code);
            w.WriteString("message", task.FailureMessage ?? "");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("task_failure_info");
        }

        w.WriteNumberOrNull("credit", task.Credit);
        w.WriteStringOrNull("profile_id", task.ProfileId);
        if (task.Status == BrowserActStatuses.Running)
        {
            var liveUrl = $"https://live.browseract.com/task/{task.Id}";
            w.WriteStartObject("live_url_info");
            w.WriteNumber("width", 1280);
            w.WriteNumber("height", 720);
            w.WriteString("live_url", liveUrl);
            w.WriteEndObject();
            w.WriteString("live_url", liveUrl);
        }

        w.WriteString("workflow_id", task.TaskKey);
        w.WriteString("input_parameters", task.InputParameters);
        if (full)
        {
            WriteDetails(w, task);
        }

        w.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter w, BrowserActTask task)
    {
        w.WriteStartArray("steps");
        foreach (var step in BrowserActSteps.Of(task, DateTimeOffset.UtcNow))
        {
            w.WriteStartObject();
            w.WriteString("id", $"{task.Id}-{step.Number}");
            w.WriteNumber("step", step.Number);
            w.WriteString("status", step.Status);
            w.WriteString("evaluation_previous_goal", step.EvaluationPreviousGoal);
            w.WriteString("step_goal", step.StepGoal);
            w.WriteString("screenshots_url", $"https://files.browseract.com/{task.Id}/step-{step.Number}.png");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("download_files");
        if (task.Status == BrowserActStatuses.Finished)
        {
            foreach (var file in task.OutputFiles)
            {
                var created = task.FinishedAt!.Value.ToUnixTimeMilliseconds();
                w.WriteStartObject();
                w.WriteString("guid", $"{task.Id}-file");
                w.WriteString("fileName", "result.csv");
                w.WriteNumber("fileSize", 2048);
                w.WriteString("status", "uploaded");
                w.WriteNumber("progress", 100);
                w.WriteString("downloadUrl", file);
                w.WriteNumber("downloadStartTime", created);
                w.WriteNumber("downloadCompletedTime", created);
                w.WriteNumber("expiresAt", created + 7L * 24 * 3600 * 1000);
                w.WriteNumber("createTime", created);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteNumberOrNull("files_expires_at", task.OutputFiles.Count > 0 && task.FinishedAt is { } at ? at.ToUnixTimeMilliseconds() + 7L * 24 * 3600 * 1000 : null);
        w.WriteString("log_detail_url", $"https://www.browseract.com/task/{task.Id}/log");
    }

    public static void WritePage<T>(Utf8JsonWriter w, int page, int limit, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem, long totalCount)
    {
        w.WriteStartObject();
        w.WriteNumber("page", page);
        w.WriteNumber("limit", limit);
        w.WriteStartArray("items");
        foreach (var item in items)
        {
            writeItem(w, item);
        }

        w.WriteEndArray();
        w.WriteNumber("total_pages", (totalCount + limit - 1) / limit);
        w.WriteNumber("total_count", totalCount);
        w.WriteEndObject();
    }

    public static void WriteWorkflow(Utf8JsonWriter w, BrowserActWorkflow workflow)
    {
        w.WriteStartObject();
        w.WriteString("id", workflow.Id);
        w.WriteString("name", workflow.Name);
        w.WriteString("description", workflow.Description);
        w.WriteString("create_at", TimeFormats.BrowserAct(workflow.CreateAt));
        w.WriteString("publish_at", TimeFormats.BrowserAct(workflow.PublishAt));
        w.WriteEndObject();
    }
}
