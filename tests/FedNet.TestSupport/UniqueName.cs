using System.Security.Cryptography;

namespace FedNet.TestSupport;

/// <summary>Short unique names for namespaces and interfaces (Linux allows 15 characters for an interface).</summary>
public static class UniqueName
{
    /// <summary>The prefix every name starts with, so leftovers of a crashed run can be recognised.</summary>
    public const string Prefix = "fnt";

    /// <summary>A name such as <c>fnt-ns-3fa2c1</c>: the prefix, <paramref name="kind"/> and 6 random hex digits.</summary>
    public static string Next(string kind)
    {
        var name = $"{Prefix}{kind}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        if (name.Length > 15)
            throw new ArgumentException($"'{kind}' makes the name '{name}' longer than the 15 characters Linux allows", nameof(kind));
        return name;
    }
}
