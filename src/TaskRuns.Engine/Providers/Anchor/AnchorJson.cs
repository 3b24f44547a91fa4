using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using TaskRuns.Http;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.Anchor
{
    // Wire DTOs mirroring seeds 000/001 exactly. Unknown fields are ignored; every field is nullable so a missing one
    // becomes a clear "missing field" problem instead of a crash.

    internal sealed class AnchorListResponse : IValidatedResponse
    {
        [JsonPropertyName("data")] public AnchorListData? Data { get; set; }

        public string? Problem()
        {
            if (Data is null) return "the body has no 'data' object";
            if (Data.Pagination is null) return "the body has no 'data.pagination' object";
            if (Data.Results is null) return null; // tolerated: treated as an empty page
            for (int i = 0; i < Data.Results.Count; i++)
            {
                if (Data.Results[i]?.Problem() is string p) return $"data.results[{i}]: {p}";
            }
            return null;
        }
    }

    internal sealed class AnchorListData
    {
        [JsonPropertyName("results")] public List<AnchorExecution?>? Results { get; set; }
        [JsonPropertyName("pagination")] public AnchorPagination? Pagination { get; set; }
    }

    internal sealed class AnchorPagination
    {
        [JsonPropertyName("page"), JsonConverter(typeof(LenientLongConverter))] public long? Page { get; set; }
        [JsonPropertyName("limit"), JsonConverter(typeof(LenientLongConverter))] public long? Limit { get; set; }
        [JsonPropertyName("total"), JsonConverter(typeof(LenientLongConverter))] public long? Total { get; set; }
        [JsonPropertyName("totalPages"), JsonConverter(typeof(LenientLongConverter))] public long? TotalPages { get; set; }
    }

    internal sealed class AnchorExecution
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("taskVersionId"), JsonConverter(typeof(LenientStringConverter))] public string? TaskVersionId { get; set; }
        [JsonPropertyName("version"), JsonConverter(typeof(LenientStringConverter))] public string? Version { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        [JsonPropertyName("output"), JsonConverter(typeof(LenientStringConverter))] public string? Output { get; set; }
        [JsonPropertyName("errorMessage"), JsonConverter(typeof(LenientStringConverter))] public string? ErrorMessage { get; set; }
        [JsonPropertyName("startTime"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? StartTime { get; set; }
        [JsonPropertyName("executionTime"), JsonConverter(typeof(LenientNumberConverter))] public double? ExecutionTime { get; set; }

        public string? Problem() =>
            string.IsNullOrEmpty(Id) ? "missing 'id'" : string.IsNullOrEmpty(Status) ? $"execution {Id} has no 'status'" : null;
    }

    internal sealed class AnchorExecutionResponse : IValidatedResponse
    {
        [JsonPropertyName("data")] public AnchorExecution? Data { get; set; }

        public string? Problem() => Data is null ? "the body has no 'data' object" : Data.Problem();
    }

    internal sealed class AnchorTaskListResponse : IValidatedResponse
    {
        [JsonPropertyName("data")] public AnchorTaskListData? Data { get; set; }

        public string? Problem() => Data is null ? "the body has no 'data' object" : null;
    }

    internal sealed class AnchorTaskListData
    {
        [JsonPropertyName("tasks")] public List<AnchorTask?>? Tasks { get; set; }
        [JsonPropertyName("total"), JsonConverter(typeof(LenientLongConverter))] public long? Total { get; set; }
        [JsonPropertyName("page"), JsonConverter(typeof(LenientLongConverter))] public long? Page { get; set; }
        [JsonPropertyName("limit"), JsonConverter(typeof(LenientLongConverter))] public long? Limit { get; set; }
    }

    internal sealed class AnchorTask
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    }

    internal sealed class AnchorRunResponse : IValidatedResponse
    {
        [JsonPropertyName("data")] public AnchorRunData? Data { get; set; }

        public string? Problem() =>
            Data is null ? "the body has no 'data' object"
            : string.IsNullOrEmpty(Data.ExecutionResultId) ? "the answer has no 'executionResultId' to follow the run" : null;
    }

    internal sealed class AnchorRunData
    {
        [JsonPropertyName("success")] public bool? Success { get; set; }
        [JsonPropertyName("message"), JsonConverter(typeof(LenientStringConverter))] public string? Message { get; set; }
        [JsonPropertyName("taskId"), JsonConverter(typeof(LenientStringConverter))] public string? TaskId { get; set; }
        [JsonPropertyName("executionResultId"), JsonConverter(typeof(LenientStringConverter))] public string? ExecutionResultId { get; set; }
    }

    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(AnchorListResponse))]
    [JsonSerializable(typeof(AnchorExecutionResponse))]
    [JsonSerializable(typeof(AnchorTaskListResponse))]
    [JsonSerializable(typeof(AnchorRunResponse))]
    internal sealed partial class AnchorJsonContext : JsonSerializerContext
    {
    }
}
