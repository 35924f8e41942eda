using System.Text.Json;

namespace FedNet.Api.Contracts;

/// <summary>The JSON shape of the API, shared by server and client: camelCase, web defaults.</summary>
public static class ApiJson
{
    /// <summary>Options both sides serialize with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The media type of YAML request bodies.</summary>
    public const string YamlMediaType = "application/yaml";

    /// <summary>The default address <c>fednet serve</c> listens on.</summary>
    public const string DefaultServer = "http://127.0.0.1:8653";
}
