using YamlDotNet.RepresentationModel;

namespace FedNet.Model.Internal;

/// <summary>
/// One YAML mapping being read as a description element: reports unknown keys (naming the allowed ones) when created,
/// missing required keys when asked, and records where each value was written.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlContext _context;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public MappingReader(YamlContext context, YamlMappingNode node, string kind, IReadOnlyList<string> allowedKeys)
    {
        _context = context;
        Node = node;
        var name = node.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "name" }).Value as YamlScalarNode;
        What = name is not null && !YamlContext.IsNull(name) ? $"{kind} '{name.Value}'" : kind;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } text })
            {
                context.Error(key, $"keys of {Article} {What} must be plain names, not {YamlContext.Describe(key)}");
                continue;
            }
            if (!allowedKeys.Contains(text, StringComparer.Ordinal))
            {
                var hint = Suggest(text, allowedKeys);
                context.Error(key, $"unknown key '{text}' in {Article} {What}{hint}; allowed keys: {string.Join(", ", allowedKeys)}");
                continue;
            }
            if (!_entries.TryAdd(text, (key, value)))
            {
                context.Error(key, $"key '{text}' appears twice in {Article} {What}");
            }
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>How errors name this element: its kind and, when it has one, its name (<c>site 'kuas'</c>).</summary>
    public string What { get; }

    public SourceLocation Location => _context.At(Node);

    /// <summary>Where each present key's value was written (a new dictionary on each call).</summary>
    public Dictionary<string, SourceLocation> ValueLocations =>
        _entries.ToDictionary(e => e.Key, e => _context.At(e.Value.Value), StringComparer.Ordinal);

    private string Article => YamlContext.Article(What);

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value node of <paramref name="key"/>, or null when absent (and an error when <paramref name="required"/>).</summary>
    public YamlNode? Get(string key, bool required)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            return entry.Value;
        }
        if (required)
        {
            _context.Error(Node, $"{Article} {What} is missing the required key '{key}'");
        }
        return null;
    }

    public string? String(string key, bool required)
    {
        var node = Get(key, required);
        if (node is null)
        {
            return null;
        }
        if (!required && YamlContext.IsNull(node))
        {
            return null;
        }
        return _context.Scalar(node, $"'{key}' of {Article} {What}");
    }

    /// <summary>Reads a scalar and converts it; on failure reports <c>'key' of X: why</c> at the value.</summary>
    public T? Parse<T>(string key, bool required, ValueParser<T> parser)
        where T : struct
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }
        if (parser(text, out var value, out var error))
        {
            return value;
        }
        _context.Error(_entries[key].Value, $"'{key}' of {Article} {What}: {error}");
        return null;
    }

    /// <summary>Reads a scalar and converts it to a reference type (an IP address).</summary>
    public T? ParseObject<T>(string key, bool required, ObjectParser<T> parser)
        where T : class
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }
        if (parser(text, out var value, out var error))
        {
            return value;
        }
        _context.Error(_entries[key].Value, $"'{key}' of {Article} {What}: {error}");
        return null;
    }

    /// <summary>The items of a list-valued key (empty when absent and optional).</summary>
    public IReadOnlyList<YamlNode>? List(string key, bool required, string example)
    {
        var node = Get(key, required);
        return node is null ? (required ? null : []) : _context.Sequence(node, $"'{key}' of {Article} {What}", example);
    }

    private static string Suggest(string text, IReadOnlyList<string> allowed)
    {
        var best = allowed
            .Select(k => (Key: k, Distance: Distance(text.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(p => p.Distance)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, best.Key.Length / 3) ? $" (did you mean '{best.Key}'?)" : string.Empty;
    }

    // Levenshtein distance, for "did you mean" hints on misspelt keys.
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>Converts a scalar's text to a value, or says why it cannot.</summary>
internal delegate bool ValueParser<T>(string text, out T value, out string? error)
    where T : struct;

/// <summary>Converts a scalar's text to an object, or says why it cannot.</summary>
internal delegate bool ObjectParser<T>(string text, out T? value, out string? error)
    where T : class;
