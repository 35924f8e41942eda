using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FedNet.Model.Internal;

/// <summary>Error collection and node helpers shared by the federation and service parsers.</summary>
internal sealed class YamlContext(string file)
{
    public string File { get; } = file;

    public List<DescriptionError> Errors { get; } = [];

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => new(File, ClampToInt(mark.Line), ClampToInt(mark.Column));

    public void Error(YamlNode node, string message) => Errors.Add(new DescriptionError(At(node), message));

    public void Error(SourceLocation location, string message) => Errors.Add(new DescriptionError(location, message));

    /// <summary>The node as a mapping with only <paramref name="allowedKeys"/>, or null (and an error) when it is not one.</summary>
    public MappingReader? Mapping(YamlNode node, string kind, IReadOnlyList<string> allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{Article(kind)} {kind} must be a mapping of keys to values ({string.Join(", ", allowedKeys)}), not {Describe(node)}");
            return null;
        }
        return new MappingReader(this, mapping, kind, allowedKeys);
    }

    /// <summary>The node's items when it is a sequence; null (and an error) otherwise.</summary>
    public IReadOnlyList<YamlNode>? Sequence(YamlNode node, string what, string example)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }
        if (IsNull(node))
        {
            return [];
        }
        Error(node, $"{what} must be a list such as {example}, not {Describe(node)}");
        return null;
    }

    /// <summary>The text of a scalar node; null (and an error) when it is a mapping, a list or empty.</summary>
    public string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            if (IsNull(scalar))
            {
                Error(node, $"{what} has no value");
                return null;
            }
            return scalar.Value ?? string.Empty;
        }
        Error(node, $"{what} must be a single value, not {Describe(node)}");
        return null;
    }

    /// <summary>True for an empty plain scalar, <c>~</c> or <c>null</c> (YAML's null).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "an empty value",
        YamlScalarNode s => $"the value '{Shorten(s.Value)}'",
        _ => "an alias",
    };

    public static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length > 40 ? text[..40] + "..." : text;

    private static int ClampToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)Math.Max(0, value);
}
