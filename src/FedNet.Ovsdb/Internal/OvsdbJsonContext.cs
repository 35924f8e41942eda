using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedNet.Ovsdb;

/// <summary>Source-generated System.Text.Json metadata for the shapes OVSDB messages use.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Internal.JsonRpcError))]
internal sealed partial class OvsdbJsonContext : JsonSerializerContext;
