using System.Globalization;

namespace FedNet.Model;

/// <summary>A 48-bit Ethernet address, held in the low 48 bits of <see cref="Value"/>.</summary>
/// <param name="Value">The address as a number, first octet in bits 47..40.</param>
public readonly record struct MacAddress(ulong Value)
{
    /// <summary>True for a group (multicast or broadcast) address: the I/G bit of the first octet.</summary>
    public bool IsMulticast => ((Value >> 40) & 0x01) != 0;

    /// <summary>True for a locally administered address: the U/L bit of the first octet.</summary>
    public bool IsLocallyAdministered => ((Value >> 40) & 0x02) != 0;

    /// <summary>Parses <c>02:fe:00:0a:0b:0c</c> (colons or dashes, case-insensitive).</summary>
    public static bool TryParse(string? text, out MacAddress address)
    {
        address = default;
        if (!MacPrefix.TryParseOctets(text, out var value, out var octets) || octets != 6)
        {
            return false;
        }
        address = new MacAddress(value);
        return true;
    }

    /// <summary>The six octets, as bytes.</summary>
    public byte[] GetBytes()
    {
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(Value >> (8 * (5 - i)));
        }
        return bytes;
    }

    /// <summary><c>02:fe:00:0a:0b:0c</c>.</summary>
    public override string ToString()
    {
        var b = GetBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}");
    }
}
