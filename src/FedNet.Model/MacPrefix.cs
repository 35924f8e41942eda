using System.Globalization;

namespace FedNet.Model;

/// <summary>
/// The leading octets every vif MAC in the federation shares, e.g. <c>02:fe:00</c>; the planner allocates the rest.
/// </summary>
/// <param name="Value">The prefix octets as a number, right-aligned (02:fe:00 is 0x02fe00).</param>
/// <param name="Octets">How many octets the prefix has (1 to 5).</param>
public readonly record struct MacPrefix(ulong Value, int Octets)
{
    /// <summary>How many addresses the prefix leaves to allocate.</summary>
    public ulong Capacity => Octets is >= 1 and <= 5 ? 1UL << (8 * (6 - Octets)) : 0;

    /// <summary>True when the prefix's first octet has the locally administered bit set.</summary>
    public bool IsLocallyAdministered => Octets > 0 && ((Value >> (8 * (Octets - 1))) & 0x02) != 0;

    /// <summary>True when the prefix's first octet has the group (multicast) bit set.</summary>
    public bool IsMulticast => Octets > 0 && ((Value >> (8 * (Octets - 1))) & 0x01) != 0;

    /// <summary>True when <paramref name="address"/> starts with this prefix.</summary>
    public bool Contains(MacAddress address) => Octets is >= 1 and <= 5 && address.Value >> (8 * (6 - Octets)) == Value;

    /// <summary>The address with this prefix and <paramref name="suffix"/> in the remaining octets.</summary>
    public MacAddress AddressAt(ulong suffix) => new((Value << (8 * (6 - Octets))) | (suffix & (Capacity - 1)));

    /// <summary>Parses <c>02:fe:00</c>: one to five octets.</summary>
    public static bool TryParse(string? text, out MacPrefix prefix)
    {
        prefix = default;
        if (!TryParseOctets(text, out var value, out var octets) || octets > 5)
        {
            return false;
        }
        prefix = new MacPrefix(value, octets);
        return true;
    }

    /// <summary><c>02:fe:00</c>.</summary>
    public override string ToString()
    {
        var parts = new string[Octets];
        for (var i = 0; i < Octets; i++)
        {
            parts[i] = ((byte)(Value >> (8 * (Octets - 1 - i)))).ToString("x2", CultureInfo.InvariantCulture);
        }
        return string.Join(':', parts);
    }

    internal static bool TryParseOctets(string? text, out ulong value, out int octets)
    {
        value = 0;
        octets = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var parts = text.Trim().Split(text.Contains('-', StringComparison.Ordinal) ? '-' : ':');
        if (parts.Length is < 1 or > 6)
        {
            return false;
        }
        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 2
                || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
            {
                return false;
            }
            value = (value << 8) | octet;
        }
        octets = parts.Length;
        return true;
    }
}
