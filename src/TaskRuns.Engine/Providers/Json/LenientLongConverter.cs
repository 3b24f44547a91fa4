using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRuns.Providers.Json
{
    /// <summary>Reads an integer count that may come as a number, a numeric string or null (pagination metadata).</summary>
    internal sealed class LenientLongConverter : JsonConverter<long?>
    {
        public override bool HandleNull => true;

        public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long l)) return l;
                    return reader.TryGetDouble(out double d) && d >= long.MinValue && d <= long.MaxValue ? (long)d : null;
                case JsonTokenType.String:
                    return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : null;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    reader.Skip();
                    return null;
                default: return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
        {
            if (value is long l) writer.WriteNumberValue(l); else writer.WriteNullValue();
        }
    }
}
