using FedNet.Model.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FedNet.Model;

/// <summary>
/// Reads federation and service descriptions from YAML. Every shape and value error is reported with its file, line
/// and column; cross-references (sites, hosts, networks, addresses) are checked afterwards by <see cref="Validator"/>.
/// Never throws on bad input.
/// </summary>
public static class DescriptionReader
{
    /// <summary>Files larger than this are refused rather than parsed.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Deeper nesting than this is refused (no description needs it; it guards the recursive tree walk).</summary>
    public const int MaxDepth = 32;

    /// <summary>Reads the federation description in the file at <paramref name="path"/>.</summary>
    public static DescriptionResult<Federation> ReadFederation(string path) =>
        TryReadFile(path, out var text, out var error) ? ReadFederation(text, path) : DescriptionResult<Federation>.Failure([error]);

    /// <summary>Reads a federation description from <paramref name="text"/>; errors name <paramref name="fileName"/>.</summary>
    public static DescriptionResult<Federation> ReadFederation(string text, string fileName)
    {
        var context = new YamlContext(fileName);
        var documents = Load(context, text);
        if (documents is null)
        {
            return DescriptionResult<Federation>.Failure(context.Errors);
        }
        if (documents.Count != 1)
        {
            context.Error(documents.Count == 0 ? new SourceLocation(fileName, 1, 1) : context.At(documents[1].RootNode),
                documents.Count == 0 ? "the file is empty: expected a federation description" : "a federation file holds one YAML document; found more than one");
            return DescriptionResult<Federation>.Failure(context.Errors);
        }
        var federation = FederationParser.Parse(context, documents[0].RootNode);
        return DescriptionResult<Federation>.From(federation, context.Errors);
    }

    /// <summary>Reads the single service described in the file at <paramref name="path"/>.</summary>
    public static DescriptionResult<Service> ReadService(string path) =>
        TryReadFile(path, out var text, out var error) ? ReadService(text, path) : DescriptionResult<Service>.Failure([error]);

    /// <summary>Reads a single service from <paramref name="text"/>; errors name <paramref name="fileName"/>.</summary>
    public static DescriptionResult<Service> ReadService(string text, string fileName)
    {
        var all = ReadServices(text, fileName);
        if (!all.IsValid)
        {
            return DescriptionResult<Service>.Failure(all.Errors);
        }
        var services = all.Value!;
        if (services.Count != 1)
        {
            var at = services.Count == 0 ? new SourceLocation(fileName, 1, 1) : services[1].Location;
            return DescriptionResult<Service>.Failure([new DescriptionError(at,
                services.Count == 0 ? "the file is empty: expected a service description" : "expected one service; this file holds several (use ReadServices)")]);
        }
        return DescriptionResult<Service>.Success(services[0]);
    }

    /// <summary>Reads every service in the file at <paramref name="path"/> (one per YAML document).</summary>
    public static DescriptionResult<ValueList<Service>> ReadServices(string path) =>
        TryReadFile(path, out var text, out var error) ? ReadServices(text, path) : DescriptionResult<ValueList<Service>>.Failure([error]);

    /// <summary>Reads every service in <paramref name="text"/> (one per YAML document, split by <c>---</c>).</summary>
    public static DescriptionResult<ValueList<Service>> ReadServices(string text, string fileName)
    {
        var context = new YamlContext(fileName);
        var documents = Load(context, text);
        if (documents is null)
        {
            return DescriptionResult<ValueList<Service>>.Failure(context.Errors);
        }
        var services = new List<Service>();
        foreach (var document in documents)
        {
            if (ServiceParser.Parse(context, document.RootNode) is { } service)
            {
                services.Add(service);
            }
        }
        return DescriptionResult<ValueList<Service>>.From(ValueList.From(services), context.Errors);
    }

    /// <summary>Reads the file at <paramref name="path"/>, telling a federation from services by their top-level keys.</summary>
    public static DescriptionResult<DescriptionFile> Read(string path) =>
        TryReadFile(path, out var text, out var error) ? Read(text, path) : DescriptionResult<DescriptionFile>.Failure([error]);

    /// <summary>
    /// Reads <paramref name="text"/>, telling each document's kind by its top-level keys: <c>federation</c> makes a
    /// federation, <c>service</c> or <c>tenant</c> a service.
    /// </summary>
    public static DescriptionResult<DescriptionFile> Read(string text, string fileName)
    {
        var context = new YamlContext(fileName);
        var documents = Load(context, text);
        if (documents is null)
        {
            return DescriptionResult<DescriptionFile>.Failure(context.Errors);
        }
        if (documents.Count == 0)
        {
            context.Error(new SourceLocation(fileName, 1, 1), "the file is empty: expected a federation or a service description");
        }
        Federation? federation = null;
        var services = new List<Service>();
        foreach (var document in documents)
        {
            var root = document.RootNode;
            if (HasKey(root, "federation"))
            {
                if (federation is not null || services.Count > 0 || documents.Count > 1)
                {
                    context.Error(root, "a federation description must be alone in its file");
                }
                federation = FederationParser.Parse(context, root) ?? federation;
            }
            else if (HasKey(root, "service") || HasKey(root, "tenant"))
            {
                if (ServiceParser.Parse(context, root) is { } service)
                {
                    services.Add(service);
                }
            }
            else
            {
                context.Error(root, "cannot tell what this describes: a federation has a 'federation' key, a service 'tenant' and 'service' keys");
            }
        }
        return DescriptionResult<DescriptionFile>.From(new DescriptionFile(fileName, federation, ValueList.From(services)), context.Errors);
    }

    private static bool HasKey(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: { } v } && v == key);

    private static bool TryReadFile(string path, out string text, out DescriptionError error)
    {
        text = string.Empty;
        error = null!;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                error = new DescriptionError(new SourceLocation(path, 0, 0), $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
                return false;
            }
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = new DescriptionError(new SourceLocation(path, 0, 0), $"cannot read the file: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Parses the YAML documents into the representation model, refusing aliases and deep nesting on the way
    /// (<see cref="GuardedParser"/>).
    /// </summary>
    private static IReadOnlyList<YamlDocument>? Load(YamlContext context, string? text)
    {
        text ??= string.Empty;
        if (text.Length > MaxFileBytes)
        {
            context.Error(new SourceLocation(context.File, 0, 0), $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
            return null;
        }
        var parser = new GuardedParser(new Parser(new StringReader(text)), MaxDepth);
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            return [.. stream.Documents];
        }
        catch (RefusedYamlException e)
        {
            context.Error(context.At(e.Start), e.Reason);
            return null;
        }
        catch (YamlException e)
        {
            context.Error(context.At(e.Start), "YAML syntax error: " + CleanMessage(e));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input (an unclosed flow collection followed by a
            // mapping): point at the end of the last event that parsed.
            context.Error(parser.LastGood.Equals(Mark.Empty) ? new SourceLocation(context.File, 1, 1) : context.At(parser.LastGood),
                "YAML syntax error: the text after this point cannot be parsed (an unclosed '[', '{' or quote?)");
            return null;
        }
    }

    private static string CleanMessage(YamlException e)
    {
        // YamlDotNet prefixes "(Line: l, Col: c, Idx: i) - (Line: ..): "; the location is already in the error.
        const string Duplicate = "Duplicate key";
        var duplicateAt = e.Message.IndexOf(Duplicate, StringComparison.Ordinal);
        if (duplicateAt >= 0)
        {
            return $"the key '{e.Message[(duplicateAt + Duplicate.Length)..].Trim()}' appears twice in one mapping";
        }
        var message = e.InnerException is YamlException inner && !string.IsNullOrWhiteSpace(inner.Message) ? inner.Message : e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0)
        {
            message = message[(marker + 3)..];
        }
        return message.Trim().TrimEnd('.');
    }
}
