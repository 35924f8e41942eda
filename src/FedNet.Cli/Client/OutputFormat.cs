using System.Text.Json;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FedNet.Cli.Client;

/// <summary>The <c>-o table|json|yaml</c> choice of <c>get</c> and <c>describe</c>; json and yaml are the API's records as they are.</summary>
public static class OutputFormat
{
    /// <summary>Aligned columns (default).</summary>
    public const string Table = "table";

    /// <summary>Indented camelCase JSON, the API's shape.</summary>
    public const string Json = "json";

    /// <summary>YAML with the same camelCase keys.</summary>
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions IndentedJson = new(FedNetApiClient.Json) { WriteIndented = true };

    private static readonly ISerializer YamlSerializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .DisableAliases()
        .Build();

    /// <summary>Writes <paramref name="value"/> as JSON or YAML.</summary>
    public static void WriteData<T>(T value, string format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == Yaml)
            output.Write(YamlSerializer.Serialize(value));
        else
            output.WriteLine(JsonSerializer.Serialize(value, IndentedJson));
    }
}
