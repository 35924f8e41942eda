using System.Text.RegularExpressions;

namespace FedNet.Model.Internal;

/// <summary>Small helpers the federation and service rules share.</summary>
internal static partial class Checks
{
    public const int MaxNameLength = 63;

    /// <summary>The items of a list that may be null (records built in code), skipping null items.</summary>
    public static IEnumerable<T> Each<T>(IEnumerable<T?>? items)
        where T : class =>
        items is null ? [] : items.Where(i => i is not null).Select(i => i!);

    /// <summary>The items of a list of value types that may be null.</summary>
    public static IEnumerable<T> EachValue<T>(IEnumerable<T>? items)
        where T : struct =>
        items ?? [];

    /// <summary>Where <paramref name="key"/> of <paramref name="record"/> was written, else the record's own location.</summary>
    public static SourceLocation At(object record, string key, SourceLocation fallback) => SourceMap.Of(record, key, fallback);

    /// <summary>Checks a name's spelling; reports at <paramref name="location"/>.</summary>
    public static void Name(List<DescriptionError> errors, string? name, string kind, SourceLocation location)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new(location, $"{YamlContext.Article(kind)} {kind} needs a name"));
        }
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            errors.Add(new(location,
                $"the {kind} name '{name}' may hold only letters, digits, '-', '_' and '.', start with a letter or digit, and be at most {MaxNameLength} characters"));
        }
    }

    /// <summary>"; known sites: a, b, c" (or a "did you mean" when one is close), for unknown-reference errors.</summary>
    public static string Known(string plural, IEnumerable<string> names)
    {
        var list = names.Where(n => n is not null).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            return $"; there are no {plural}";
        }
        return list.Count <= 12 ? $"; known {plural}: {string.Join(", ", list)}" : $"; there are {list.Count} {plural}";
    }

    /// <summary>Reports every name after the first that repeats, pointing back at the first.</summary>
    public static void Duplicates<T>(List<DescriptionError> errors, IEnumerable<T> items, Func<T, string?> name, Func<T, SourceLocation> location,
        string kind, string scope)
    {
        var first = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = name(item);
            if (key is null)
            {
                continue;
            }
            if (first.TryGetValue(key, out var original))
            {
                errors.Add(new(location(item), $"{kind} '{key}' is defined twice {scope} (first at {original})"));
            }
            else
            {
                first[key] = location(item);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
