using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedNet.Ovsdb;

/// <summary>Source-generated System.Text.Json metadata for the shapes OVSDB messages use.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(Internal.JsonRpcError))]
internal sealed partial class OvsdbJsonContext : JsonSerializerContext
{
    /// <summary>The same metadata, writing indented JSON (for humans).</summary>
    public static OvsdbJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
