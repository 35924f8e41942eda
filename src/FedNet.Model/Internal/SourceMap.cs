using System.Runtime.CompilerServices;

namespace FedNet.Model.Internal;

/// <summary>
/// Where each field of a record read from YAML was written, so validation errors point at the value at fault rather
/// than at the start of its element. Kept beside the records (keyed by reference) so it never takes part in their
/// value equality; records built in code, or copied with <c>with</c>, fall back to their own location.
/// </summary>
internal static class SourceMap
{
    private static readonly ConditionalWeakTable<object, Dictionary<string, SourceLocation>> Fields = new();

    public static void Set(object record, string key, SourceLocation location) =>
        Fields.GetOrCreateValue(record)[key] = location;

    /// <summary>Records where <paramref name="record"/>'s fields were written; takes ownership of <paramref name="locations"/>.</summary>
    public static void SetAll(object record, Dictionary<string, SourceLocation> locations) => Fields.AddOrUpdate(record, locations);

    /// <summary>The location of <paramref name="key"/>'s value in <paramref name="record"/>, else <paramref name="fallback"/>.</summary>
    public static SourceLocation Of(object record, string key, SourceLocation fallback) =>
        Fields.TryGetValue(record, out var map) && map.TryGetValue(key, out var location) ? location : fallback;
}
