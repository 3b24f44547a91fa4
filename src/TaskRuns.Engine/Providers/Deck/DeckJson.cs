using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRuns.Http;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.Deck
{
    // Wire DTOs for seed 003 (and the older fields providers.md lists). runtime_ms may be an integer or a numeric string.

    internal sealed class DeckRunList : IValidatedResponse
    {
        [JsonPropertyName("data")] public List<DeckRun?>? Data { get; set; }
        [JsonPropertyName("has_more")] public bool? HasMore { get; set; }
        [JsonPropertyName("next_cursor"), JsonConverter(typeof(LenientStringConverter))] public string? NextCursor { get; set; }
        [JsonPropertyName("request_id"), JsonConverter(typeof(LenientStringConverter))] public string? RequestId { get; set; }

        public string? Problem()
        {
            if (Data is null) return "the body has no 'data' array";
            for (int i = 0; i < Data.Count; i++)
                if (Data[i]?.Problem() is string p) return $"data[{i}]: {p}";
            return null;
        }
    }

    internal sealed class DeckRun : IValidatedResponse
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        [JsonPropertyName("result"), JsonConverter(typeof(LenientStringConverter))] public string? Result { get; set; }
        [JsonPropertyName("task_id"), JsonConverter(typeof(LenientStringConverter))] public string? TaskId { get; set; }
        [JsonPropertyName("credential_id"), JsonConverter(typeof(LenientStringConverter))] public string? CredentialId { get; set; }
        [JsonPropertyName("session_id"), JsonConverter(typeof(LenientStringConverter))] public string? SessionId { get; set; }
        [JsonPropertyName("agent_id"), JsonConverter(typeof(LenientStringConverter))] public string? AgentId { get; set; }
        [JsonPropertyName("source_id"), JsonConverter(typeof(LenientStringConverter))] public string? SourceId { get; set; }
        [JsonPropertyName("workflow_id"), JsonConverter(typeof(LenientStringConverter))] public string? WorkflowId { get; set; }
        [JsonPropertyName("runtime_ms"), JsonConverter(typeof(LenientNumberConverter))] public double? RuntimeMs { get; set; }
        [JsonPropertyName("output")] public JsonElement? Output { get; set; }
        [JsonPropertyName("errors")] public List<DeckError?>? Errors { get; set; }
        [JsonPropertyName("interaction")] public JsonElement? Interaction { get; set; }
        [JsonPropertyName("created_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? CreatedAt { get; set; }
        [JsonPropertyName("updated_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? UpdatedAt { get; set; }
        [JsonPropertyName("canceled_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? CanceledAt { get; set; }

        public string? Problem() =>
            string.IsNullOrEmpty(Id) ? "missing 'id'" : string.IsNullOrEmpty(Status) ? $"run {Id} has no 'status'" : null;
    }

    /// <summary>GET /v2/events: {data: [event], has_more, next_cursor}; an event's data is the task run at that moment.</summary>
    internal sealed class DeckEventList : IValidatedResponse
    {
        [JsonPropertyName("data")] public List<DeckEvent?>? Data { get; set; }
        [JsonPropertyName("has_more")] public bool? HasMore { get; set; }
        [JsonPropertyName("next_cursor"), JsonConverter(typeof(LenientStringConverter))] public string? NextCursor { get; set; }

        public string? Problem() => Data is null ? "the body has no 'data' array" : null;
    }

    internal sealed class DeckEvent
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("type"), JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
        [JsonPropertyName("data")] public DeckRun? Data { get; set; }
        [JsonPropertyName("created_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? CreatedAt { get; set; }
    }

    internal sealed class DeckError
    {
        [JsonPropertyName("type"), JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
        [JsonPropertyName("code"), JsonConverter(typeof(LenientStringConverter))] public string? Code { get; set; }
        [JsonPropertyName("message"), JsonConverter(typeof(LenientStringConverter))] public string? Message { get; set; }
        [JsonPropertyName("field"), JsonConverter(typeof(LenientStringConverter))] public string? Field { get; set; }
    }

    internal sealed class DeckTaskList : IValidatedResponse
    {
        [JsonPropertyName("data")] public List<DeckTask?>? Data { get; set; }
        [JsonPropertyName("has_more")] public bool? HasMore { get; set; }
        [JsonPropertyName("next_cursor"), JsonConverter(typeof(LenientStringConverter))] public string? NextCursor { get; set; }

        public string? Problem() => Data is null ? "the body has no 'data' array" : null;
    }

    internal sealed class DeckTask
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    }

    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(DeckRunList))]
    [JsonSerializable(typeof(DeckRun))]
    [JsonSerializable(typeof(DeckEventList))]
    [JsonSerializable(typeof(DeckTaskList))]
    internal sealed partial class DeckJsonContext : JsonSerializerContext
    {
    }
}
