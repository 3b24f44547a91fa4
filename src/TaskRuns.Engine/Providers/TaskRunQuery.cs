using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Providers
{
    /// <summary>What to list, as the user said it: no wire names. Each provider's <see cref="ITaskRunProvider.Prepare"/> turns it into a <see cref="PreparedQuery"/>.</summary>
    internal sealed class TaskRunQuery
    {
        public TaskRunProvider Provider { get; set; }

        /// <summary>The provider's task key; null lists across tasks where the provider can.</summary>
        public string? TaskId { get; set; }

        /// <summary>Statuses as the user typed them: provider values or TaskRunStatus names.</summary>
        public IReadOnlyList<string> Status { get; set; } = Array.Empty<string>();

        public DateTimeOffset? Since { get; set; }
        public DateTimeOffset? Until { get; set; }

        /// <summary>-Version (Anchor).</summary>
        public string? Version { get; set; }

        /// <summary>-Search (RunWisp, Deck).</summary>
        public string? Search { get; set; }

        /// <summary>Provider filter parameters by their PowerShell name (WorkflowName, Outcome, SortBy…), each with one or more values.</summary>
        public IDictionary<string, IReadOnlyList<string>> Parameters { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>-Filter @{ key = value }: filters by the provider's wire name.</summary>
        public IDictionary<string, IReadOnlyList<string>> FilterKeys { get; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        /// <summary>The query as compact JSON, for a page token to carry (so a piped page continues its own listing).</summary>
        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                if (TaskId != null) writer.WriteString("t", TaskId);
                if (Status.Count > 0) WriteValues(writer, "st", Status);
                if (Since is DateTimeOffset since) writer.WriteString("si", since);
                if (Until is DateTimeOffset until) writer.WriteString("un", until);
                if (Version != null) writer.WriteString("ve", Version);
                if (Search != null) writer.WriteString("se", Search);
                WriteMap(writer, "pa", Parameters);
                WriteMap(writer, "fk", FilterKeys);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>A query written by <see cref="ToJson"/>; null when the text is not one.</summary>
        public static TaskRunQuery? FromJson(TaskRunProvider provider, string json)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(json);
                JsonElement q = doc.RootElement;
                var query = new TaskRunQuery
                {
                    Provider = provider,
                    TaskId = q.TryGetProperty("t", out JsonElement t) ? t.GetString() : null,
                    Status = q.TryGetProperty("st", out JsonElement st) ? Values(st) : Array.Empty<string>(),
                    Since = q.TryGetProperty("si", out JsonElement si) ? si.GetDateTimeOffset() : null,
                    Until = q.TryGetProperty("un", out JsonElement un) ? un.GetDateTimeOffset() : null,
                    Version = q.TryGetProperty("ve", out JsonElement ve) ? ve.GetString() : null,
                    Search = q.TryGetProperty("se", out JsonElement se) ? se.GetString() : null,
                };
                if (q.TryGetProperty("pa", out JsonElement pa)) foreach (JsonProperty p in pa.EnumerateObject()) query.Parameters[p.Name] = Values(p.Value);
                if (q.TryGetProperty("fk", out JsonElement fk)) foreach (JsonProperty p in fk.EnumerateObject()) query.FilterKeys[p.Name] = Values(p.Value);
                return query;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
            {
                return null;
            }
        }

        private static void WriteMap(Utf8JsonWriter writer, string name, IDictionary<string, IReadOnlyList<string>> map)
        {
            if (map.Count == 0) return;
            writer.WriteStartObject(name);
            foreach (var pair in map) WriteValues(writer, pair.Key, pair.Value);
            writer.WriteEndObject();
        }

        private static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
        {
            writer.WriteStartArray(name);
            foreach (string value in values) writer.WriteStringValue(value);
            writer.WriteEndArray();
        }

        private static string[] Values(JsonElement array)
        {
            var values = new List<string>();
            foreach (JsonElement e in array.EnumerateArray()) values.Add(e.GetString() ?? string.Empty);
            return values.ToArray();
        }
    }
}
