using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using TaskRuns.Http;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.BrowserAct
{
    // Wire DTOs for seed 004. Ids are strings (they exceed 2^53): a numeric id is read as its exact digits.

    internal sealed class BrowserActTaskPage : IValidatedResponse
    {
        [JsonPropertyName("page"), JsonConverter(typeof(LenientLongConverter))] public long? Page { get; set; }
        [JsonPropertyName("limit"), JsonConverter(typeof(LenientLongConverter))] public long? Limit { get; set; }
        [JsonPropertyName("items")] public List<BrowserActTask?>? Items { get; set; }
        [JsonPropertyName("total_pages"), JsonConverter(typeof(LenientLongConverter))] public long? TotalPages { get; set; }
        [JsonPropertyName("total_count"), JsonConverter(typeof(LenientLongConverter))] public long? TotalCount { get; set; }

        public string? Problem()
        {
            if (Items is null) return TotalCount is null ? "the body has no 'items' array" : null;
            for (int i = 0; i < Items.Count; i++)
                if (Items[i]?.Problem() is string p) return $"items[{i}]: {p}";
            return null;
        }
    }

    internal sealed class BrowserActTask : IValidatedResponse
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        [JsonPropertyName("workflow_id"), JsonConverter(typeof(LenientStringConverter))] public string? WorkflowId { get; set; }
        [JsonPropertyName("created_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? CreatedAt { get; set; }
        [JsonPropertyName("finished_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? FinishedAt { get; set; }
        [JsonPropertyName("output")] public BrowserActOutput? Output { get; set; }
        [JsonPropertyName("task_failure_info")] public BrowserActFailure? Failure { get; set; }
        [JsonPropertyName("credit"), JsonConverter(typeof(LenientLongConverter))] public long? Credit { get; set; }
        [JsonPropertyName("profile_id"), JsonConverter(typeof(LenientStringConverter))] public string? ProfileId { get; set; }
        [JsonPropertyName("live_url_info")] public BrowserActLiveUrl? LiveUrlInfo { get; set; }
        [JsonPropertyName("live_url"), JsonConverter(typeof(LenientStringConverter))] public string? LiveUrl { get; set; }
        [JsonPropertyName("input_parameters"), JsonConverter(typeof(LenientStringConverter))] public string? InputParameters { get; set; }
        [JsonPropertyName("steps")] public List<BrowserActStep?>? Steps { get; set; }

        public string? Problem() =>
            string.IsNullOrEmpty(Id) ? "missing 'id'" : string.IsNullOrEmpty(Status) ? $"task {Id} has no 'status'" : null;
    }

    /// <summary>One step of a task (get-task's steps[]): its number, status (running, succeed, failed) and goals.</summary>
    internal sealed class BrowserActStep
    {
        [JsonPropertyName("step"), JsonConverter(typeof(LenientLongConverter))] public long? Step { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        [JsonPropertyName("step_goal"), JsonConverter(typeof(LenientStringConverter))] public string? Goal { get; set; }
        [JsonPropertyName("evaluation_previous_goal"), JsonConverter(typeof(LenientStringConverter))] public string? Evaluation { get; set; }
    }

    internal sealed class BrowserActOutput
    {
        [JsonPropertyName("string"), JsonConverter(typeof(LenientStringConverter))] public string? Text { get; set; }
        [JsonPropertyName("files")] public List<string?>? Files { get; set; }
    }

    internal sealed class BrowserActFailure
    {
        [JsonPropertyName("code"), JsonConverter(typeof(LenientLongConverter))] public long? Code { get; set; }
        [JsonPropertyName("message"), JsonConverter(typeof(LenientStringConverter))] public string? Message { get; set; }
    }

    internal sealed class BrowserActLiveUrl
    {
        [JsonPropertyName("live_url"), JsonConverter(typeof(LenientStringConverter))] public string? LiveUrl { get; set; }
    }

    internal sealed class BrowserActTaskStatus : IValidatedResponse
    {
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        public string? Problem() => string.IsNullOrEmpty(Status) ? "the body has no 'status'" : null;
    }

    internal sealed class BrowserActWorkflowPage
    {
        [JsonPropertyName("items")] public List<BrowserActWorkflow?>? Items { get; set; }
        [JsonPropertyName("total_pages"), JsonConverter(typeof(LenientLongConverter))] public long? TotalPages { get; set; }
    }

    internal sealed class BrowserActWorkflow
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    }

    internal sealed class BrowserActStarted : IValidatedResponse
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        public string? Problem() => string.IsNullOrEmpty(Id) ? "the answer has no task 'id'" : null;
    }

    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(BrowserActTaskPage))]
    [JsonSerializable(typeof(BrowserActTask))]
    [JsonSerializable(typeof(BrowserActTaskStatus))]
    [JsonSerializable(typeof(BrowserActWorkflowPage))]
    [JsonSerializable(typeof(BrowserActStarted))]
    internal sealed partial class BrowserActJsonContext : JsonSerializerContext
    {
    }
}
