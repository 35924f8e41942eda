using System.Text.Json.Serialization;

namespace FedNet.Lab.Internal;

/// <summary>Source-generated JSON for the state file and the WAN forwarder's config.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LabState))]
[JsonSerializable(typeof(WanLinkConfig))]
internal sealed partial class LabJsonContext : JsonSerializerContext;
