using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using TaskRuns.Http;
using TaskRuns.Providers.Json;

namespace TaskRuns.Providers.RunWisp
{
    // Wire DTOs for both daemon generations: 0.4.x (seed 002: {runs|null,total}, replica_index)
    // and newer ({items,total}, instance_index).

    internal sealed class RunWispRunList : IValidatedResponse
    {
        [JsonPropertyName("runs")] public List<RunWispRun?>? Runs { get; set; }
        [JsonPropertyName("items")] public List<RunWispRun?>? Items { get; set; }
        [JsonPropertyName("total"), JsonConverter(typeof(LenientLongConverter))] public long? Total { get; set; }

        public List<RunWispRun?> Rows => Runs ?? Items ?? new List<RunWispRun?>();

        public string? Problem()
        {
            if (Total is null) return "the body has no 'total'";
            List<RunWispRun?> rows = Rows;
            for (int i = 0; i < rows.Count; i++)
                if (rows[i]?.Problem() is string p) return $"runs[{i}]: {p}";
            return null;
        }
    }

    internal sealed class RunWispRun : IValidatedResponse
    {
        [JsonPropertyName("id"), JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
        [JsonPropertyName("task_name"), JsonConverter(typeof(LenientStringConverter))] public string? TaskName { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
        [JsonPropertyName("end_reason"), JsonConverter(typeof(LenientStringConverter))] public string? EndReason { get; set; }
        [JsonPropertyName("exit_code"), JsonConverter(typeof(LenientLongConverter))] public long? ExitCode { get; set; }
        [JsonPropertyName("created_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? CreatedAt { get; set; }
        [JsonPropertyName("start_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? StartAt { get; set; }
        [JsonPropertyName("end_at"), JsonConverter(typeof(LenientDateConverter))] public DateTimeOffset? EndAt { get; set; }
        [JsonPropertyName("replica_index"), JsonConverter(typeof(LenientLongConverter))] public long? ReplicaIndex { get; set; }
        [JsonPropertyName("instance_index"), JsonConverter(typeof(LenientLongConverter))] public long? InstanceIndex { get; set; }
        [JsonPropertyName("retry_attempt"), JsonConverter(typeof(LenientLongConverter))] public long? RetryAttempt { get; set; }
        [JsonPropertyName("retry_of_run_id"), JsonConverter(typeof(LenientStringConverter))] public string? RetryOfRunId { get; set; }
        [JsonPropertyName("triggered_by"), JsonConverter(typeof(LenientStringConverter))] public string? TriggeredBy { get; set; }
        [JsonPropertyName("external_execution_id"), JsonConverter(typeof(LenientStringConverter))] public string? ExternalExecutionId { get; set; }

        public string? Problem() =>
            string.IsNullOrEmpty(Id) ? "missing 'id'" : string.IsNullOrEmpty(Status) ? $"run {Id} has no 'status'" : null;
    }

    internal sealed class RunWispTaskList
    {
        [JsonPropertyName("items")] public List<RunWispTask?>? Items { get; set; }
    }

    internal sealed class RunWispTask
    {
        [JsonPropertyName("name"), JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
        [JsonPropertyName("description"), JsonConverter(typeof(LenientStringConverter))] public string? Description { get; set; }
    }

    internal sealed class RunWispChallenge : IValidatedResponse
    {
        [JsonPropertyName("nonce")] public string? Nonce { get; set; }
        public string? Problem() => string.IsNullOrEmpty(Nonce) ? "the challenge has no 'nonce'" : null;
    }

    internal sealed class RunWispLoginRequest
    {
        [JsonPropertyName("nonce")] public string? Nonce { get; set; }
        [JsonPropertyName("response")] public string? Response { get; set; }
    }

    internal sealed class RunWispLoginResponse : IValidatedResponse
    {
        [JsonPropertyName("token")] public string? Token { get; set; }
        public string? Problem() => string.IsNullOrEmpty(Token) ? "the login answer has no 'token'" : null;
    }

    internal sealed class RunWispStreamEvent
    {
        [JsonPropertyName("run")] public RunWispRun? Run { get; set; }
    }

    /// <summary>GET …/runs/{id}/log: a window of the run's log lines.</summary>
    internal sealed class RunWispLogPage : IValidatedResponse
    {
        [JsonPropertyName("lines")] public List<RunWispLogLine?>? Lines { get; set; }
        [JsonPropertyName("total_lines"), JsonConverter(typeof(LenientLongConverter))] public long? TotalLines { get; set; }
        [JsonPropertyName("finalized")] public bool? Finalized { get; set; }

        public string? Problem() => TotalLines is null ? "the log page has no 'total_lines'" : null;
    }

    /// <summary>One log line (in a page, or an SSE 'line' event): n from 0, ts in unix ms, stream, text.</summary>
    internal sealed class RunWispLogLine
    {
        [JsonPropertyName("n"), JsonConverter(typeof(LenientLongConverter))] public long? N { get; set; }
        [JsonPropertyName("ts"), JsonConverter(typeof(LenientLongConverter))] public long? Ts { get; set; }
        [JsonPropertyName("stream"), JsonConverter(typeof(LenientStringConverter))] public string? Stream { get; set; }
        [JsonPropertyName("text"), JsonConverter(typeof(LenientStringConverter))] public string? Text { get; set; }
    }

    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(RunWispRunList))]
    [JsonSerializable(typeof(RunWispRun))]
    [JsonSerializable(typeof(List<RunWispTask?>))]
    [JsonSerializable(typeof(RunWispTaskList))]
    [JsonSerializable(typeof(RunWispChallenge))]
    [JsonSerializable(typeof(RunWispLoginRequest))]
    [JsonSerializable(typeof(RunWispLoginResponse))]
    [JsonSerializable(typeof(RunWispStreamEvent))]
    [JsonSerializable(typeof(RunWispLogPage))]
    [JsonSerializable(typeof(RunWispLogLine))]
    internal sealed partial class RunWispJsonContext : JsonSerializerContext
    {
    }
}
