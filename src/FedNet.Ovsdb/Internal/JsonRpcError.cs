using System.Text.Json.Serialization;

namespace FedNet.Ovsdb.Internal;

/// <summary>The RFC 7047 section 3.1 error object: <c>{"error": ..., "details": ...}</c>.</summary>
internal sealed record JsonRpcError([property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("details")] string? Details);
