using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FedNet.Model.Internal;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FedNet.Model.Tests;

/// <summary>The JSON Schemas in docs/schema/ stay in step with the reader, and every example conforms to them.</summary>
public sealed partial class SchemaTests
{
    public static TheoryData<string, string> Examples => new()
    {
        { "federation-paper.yaml", "federation.schema.json" },
        { "federation-four-sites.yaml", "federation.schema.json" },
        { "elearning.yaml", "service.schema.json" },
        { "two-tenants-same-subnet.yaml", "service.schema.json" },
        { "latency-32-networks.yaml", "service.schema.json" },
        { "four-sites-service.yaml", "service.schema.json" },
    };

    [Theory]
    [InlineData("federation.schema.json")]
    [InlineData("service.schema.json")]
    public void Schema_ListsExactlyTheKeysTheReaderAccepts(string file)
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepoPaths.Schema(file)))!.AsObject();
        var elements = file.StartsWith("federation", StringComparison.Ordinal) ? DescriptionKeys.FederationElements : DescriptionKeys.ServiceElements;
        var root = file.StartsWith("federation", StringComparison.Ordinal) ? "federation" : "service";

        foreach (var (element, keys) in elements)
        {
            var node = element == root ? schema : schema["$defs"]?[element];
            Assert.True(node is not null, $"{file} has no $defs/{element}");
            var properties = node!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(keys.Order(StringComparer.Ordinal), properties);
            Assert.False(node["additionalProperties"]!.GetValue<bool>());
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_ConformsToItsSchema(string example, string schemaFile)
    {
        var schema = Load(schemaFile);

        foreach (var document in YamlDocuments(File.ReadAllText(RepoPaths.Example(example))))
        {
            var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{example}: " + Describe(result));
        }
    }

    [Theory]
    [InlineData("fed-unknown-key.yaml", "federation.schema.json")]
    [InlineData("fed-bad-driver.yaml", "federation.schema.json")]
    [InlineData("fed-vpls-without-vlans.yaml", "federation.schema.json")]
    [InlineData("fed-public-vlan-out-of-range.yaml", "federation.schema.json")]
    [InlineData("svc-placement-both.yaml", "service.schema.json")]
    [InlineData("svc-policy-both-kinds.yaml", "service.schema.json")]
    [InlineData("svc-policy-no-rate.yaml", "service.schema.json")]
    [InlineData("svc-bad-arp.yaml", "service.schema.json")]
    [InlineData("svc-unknown-key-vm.yaml", "service.schema.json")]
    public void ShapeError_IsAlsoCaughtByTheSchema(string bad, string schemaFile)
    {
        var schema = Load(schemaFile);

        var results = YamlDocuments(File.ReadAllText(Path.Combine(RepoPaths.BadCorpus, bad)))
            .Select(d => schema.Evaluate(d));

        Assert.Contains(results, r => !r.IsValid);
    }

    private static JsonSchema Load(string file) =>
        JsonSchema.FromText(File.ReadAllText(RepoPaths.Schema(file)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    /// <summary>Each YAML document as JSON, typing plain scalars the way YAML 1.2's core schema (and editors) do.</summary>
    private static IEnumerable<JsonElement> YamlDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => JsonSerializer.SerializeToElement(ToJson(d.RootNode)));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is null or "" or "~" or "null" => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when IntegerPattern().IsMatch(s.Value!) => JsonValue.Create(long.Parse(s.Value!, CultureInfo.InvariantCulture)),
        YamlScalarNode { Style: ScalarStyle.Plain } s when FloatPattern().IsMatch(s.Value!) => JsonValue.Create(double.Parse(s.Value!, CultureInfo.InvariantCulture)),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException("unexpected YAML node"),
    };

    [GeneratedRegex("^[-+]?[0-9]{1,18}$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
