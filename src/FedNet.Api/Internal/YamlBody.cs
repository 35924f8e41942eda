using System.Text;
using FedNet.Api.Contracts;
using FedNet.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FedNet.Api.Internal;

/// <summary>Reads YAML request bodies and turns the model's <c>file:line:col</c> errors into the 400 body's entries.</summary>
internal static class YamlBody
{
    public static async Task<string> ReadAsync(HttpContext context)
    {
        var length = context.Request.ContentLength;
        if (length > DescriptionReader.MaxFileBytes)
            throw ApiProblemException.Invalid("the body is too large", [new ValidationErrorDto("$", 0, 0, "the body is larger than 16 MiB")]);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[8192];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > DescriptionReader.MaxFileBytes)
                throw ApiProblemException.Invalid("the body is too large", [new ValidationErrorDto("$", 0, 0, "the body is larger than 16 MiB")]);
        }
        return text.ToString();
    }

    /// <summary>
    /// The entries of a 400 body: for an error in <paramref name="label"/> (the body) the YAML path of the node it points
    /// at (<c>vms[1].interfaces[0].ip</c>); errors in other stored descriptions keep their label as the path.
    /// </summary>
    public static IReadOnlyList<ValidationErrorDto> Map(IEnumerable<DescriptionError> errors, string label, string text)
    {
        Dictionary<(int, int), string>? paths = null;
        var result = new List<ValidationErrorDto>();
        foreach (var e in errors)
        {
            if (e.Location.File == label)
            {
                paths ??= PathsOf(text);
                result.Add(new ValidationErrorDto(PathAt(paths, e.Location.Line, e.Location.Column), e.Location.Line, e.Location.Column, e.Message));
            }
            else
            {
                result.Add(new ValidationErrorDto(string.IsNullOrEmpty(e.Location.File) ? "$" : e.Location.File, e.Location.Line, e.Location.Column,
                    e.Message));
            }
        }
        return result;
    }

    private static string PathAt(Dictionary<(int, int), string> paths, int line, int column)
    {
        if (paths.TryGetValue((line, column), out var exact))
            return exact;
        // The nearest node that starts at or before the error on its line, else the document.
        var best = paths.Where(p => p.Key.Item1 == line && p.Key.Item2 <= column).OrderByDescending(p => p.Key.Item2).Select(p => p.Value)
            .FirstOrDefault();
        return best ?? "$";
    }

    /// <summary>Every node's start (line, column) → its path; empty when the text does not parse as YAML.</summary>
    private static Dictionary<(int, int), string> PathsOf(string text)
    {
        var paths = new Dictionary<(int, int), string>();
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            foreach (var document in stream.Documents)
                Walk(document.RootNode, "$", paths, 0);
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // The reader has already reported the syntax error; it gets the document path.
        }
        return paths;
    }

    private static void Walk(YamlNode node, string path, Dictionary<(int, int), string> paths, int depth)
    {
        if (depth > DescriptionReader.MaxDepth)
            return;
        paths.TryAdd(((int)node.Start.Line, (int)node.Start.Column), path);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } v } ? v : "?";
                    var child = path == "$" ? "$." + name : path + "." + name;
                    paths.TryAdd(((int)key.Start.Line, (int)key.Start.Column), child);
                    Walk(value, child, paths, depth + 1);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Walk(sequence.Children[i], $"{path}[{i}]", paths, depth + 1);
                break;
        }
    }
}
