using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRuns.Providers.Json
{
    /// <summary>Source-generated metadata for bodies read as plain JSON (acknowledgements, bodies of varying shape).</summary>
    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(JsonElement))]
    internal sealed partial class CommonJsonContext : JsonSerializerContext
    {
    }
}
