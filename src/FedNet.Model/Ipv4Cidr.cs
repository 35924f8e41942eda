using System.Net;
using System.Net.Sockets;

namespace FedNet.Model;

/// <summary>An IPv4 subnet such as <c>10.0.1.0/24</c>.</summary>
/// <param name="Address">The network address as a number (host bits zero).</param>
/// <param name="PrefixLength">0 to 32.</param>
public readonly record struct Ipv4Cidr(uint Address, int PrefixLength)
{
    /// <summary>The subnet mask as a number.</summary>
    public uint Mask => PrefixLength <= 0 ? 0u : uint.MaxValue << (32 - Math.Min(PrefixLength, 32));

    /// <summary>The network address.</summary>
    public IPAddress Network => ToAddress(Address);

    /// <summary>The broadcast address.</summary>
    public uint Broadcast => Address | ~Mask;

    /// <summary>
    /// How many addresses can go to vifs: all but the network and broadcast addresses (both usable in a /31 and a /32,
    /// RFC 3021).
    /// </summary>
    public long UsableHostCount => PrefixLength >= 31 ? 1L << (32 - PrefixLength) : (1L << (32 - PrefixLength)) - 2;

    /// <summary>The first address a vif can have.</summary>
    public uint FirstHost => PrefixLength >= 31 ? Address : Address + 1;

    /// <summary>The last address a vif can have.</summary>
    public uint LastHost => PrefixLength >= 31 ? Broadcast : Broadcast - 1;

    /// <summary>True when <paramref name="address"/> is an IPv4 address inside the subnet.</summary>
    public bool Contains(IPAddress address) => TryToUInt32(address, out var value) && Contains(value);

    /// <summary>True when <paramref name="address"/> is inside the subnet.</summary>
    public bool Contains(uint address) => (address & Mask) == Address;

    /// <summary>True when <paramref name="address"/> can go to a vif (inside, and not the network or broadcast address).</summary>
    public bool IsUsableHost(uint address) => Contains(address) && address >= FirstHost && address <= LastHost;

    /// <summary>True when the two subnets share at least one address.</summary>
    public bool Overlaps(Ipv4Cidr other)
    {
        var mask = PrefixLength < other.PrefixLength ? Mask : other.Mask;
        return (Address & mask) == (other.Address & mask);
    }

    /// <summary>Parses <c>a.b.c.d/n</c>; fails when host bits are set (<c>10.0.1.5/24</c>).</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr, out string? error)
    {
        cidr = default;
        error = null;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0)
        {
            error = $"'{text}' is not a CIDR: expected an IPv4 subnet such as 10.0.1.0/24";
            return false;
        }
        if (!TryParseIpv4(text[..slash], out var address))
        {
            error = $"'{text}' is not a CIDR: '{text[..slash]}' is not an IPv4 address";
            return false;
        }
        if (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var length) || length > 32)
        {
            error = $"'{text}' is not a CIDR: the prefix length must be a number from 0 to 32";
            return false;
        }
        var candidate = new Ipv4Cidr(address, length);
        if ((address & candidate.Mask) != address)
        {
            var fixedUp = new Ipv4Cidr(address & candidate.Mask, length);
            error = $"'{text}' has host bits set; did you mean {fixedUp}?";
            return false;
        }
        cidr = candidate;
        return true;
    }

    /// <summary>Parses a dotted-quad IPv4 address strictly (four decimal parts, nothing else).</summary>
    public static bool TryParseIpv4(string? text, out uint address)
    {
        address = 0;
        if (text is null)
        {
            return false;
        }
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 3
                || !byte.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }
            address = (address << 8) | b;
        }
        return true;
    }

    /// <summary>The address as a big-endian number, when it is IPv4.</summary>
    public static bool TryToUInt32(IPAddress? address, out uint value)
    {
        value = 0;
        if (address is null || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return true;
    }

    /// <summary>The IPv4 address of a big-endian number.</summary>
    public static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    /// <summary><c>10.0.1.0/24</c>.</summary>
    public override string ToString() => $"{Network}/{PrefixLength}";
}
