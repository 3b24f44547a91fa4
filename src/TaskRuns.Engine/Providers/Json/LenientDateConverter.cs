using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRuns.Providers.Json
{
    /// <summary>Reads an ISO 8601 / RFC 3339 timestamp; an unreadable value is null rather than a failed page.</summary>
    internal sealed class LenientDateConverter : JsonConverter<DateTimeOffset?>
    {
        public override bool HandleNull => true;

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (reader.TryGetDateTimeOffset(out DateTimeOffset exact)) return exact;
                return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset loose) ? loose : null;
            }
            if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray) reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is DateTimeOffset d) writer.WriteStringValue(d); else writer.WriteNullValue();
        }
    }
}
