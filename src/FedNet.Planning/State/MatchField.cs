using System.Net;

namespace FedNet.Planning.State;

/// <summary>One field of a match: <see cref="Value"/> under an optional <see cref="Mask"/> (null = exact).</summary>
public readonly record struct MatchField
{
    // The mask is stored as a value and a flag rather than a ulong? (16 bytes): 24 bytes a field instead of 32, and
    // every planned flow holds a few of them.
    private readonly ulong _mask;
    private readonly bool _masked;

    /// <summary>A field: <paramref name="value"/> under an optional <paramref name="mask"/> (null = exact).</summary>
    public MatchField(FieldKind field, ulong value, ulong? mask = null)
    {
        Field = field;
        Value = value;
        _mask = mask ?? 0;
        _masked = mask.HasValue;
    }

    /// <summary>The field.</summary>
    public FieldKind Field { get; init; }

    /// <summary>The value.</summary>
    public ulong Value { get; init; }

    /// <summary>The mask (null = exact match).</summary>
    public ulong? Mask
    {
        get => _masked ? _mask : null;
        init
        {
            _mask = value ?? 0;
            _masked = value.HasValue;
        }
    }

    /// <summary>Deconstructs the field.</summary>
    public void Deconstruct(out FieldKind field, out ulong value, out ulong? mask)
    {
        field = Field;
        value = Value;
        mask = Mask;
    }

    /// <inheritdoc/>
    public override string ToString() => Mask is { } m
        ? $"{FieldFormat.Name(Field)}={FieldFormat.Value(Field, Value)}/{FieldFormat.Value(Field, m)}"
        : $"{FieldFormat.Name(Field)}={FieldFormat.Value(Field, Value)}";
}

/// <summary>ovs-ofctl-like text for fields, used by <c>ToString</c> and the docs.</summary>
public static class FieldFormat
{
    /// <summary>The ovs-ofctl name of <paramref name="field"/>.</summary>
    public static string Name(FieldKind field) => field switch
    {
        FieldKind.InPort => "in_port",
        FieldKind.Reg0 => "reg0",
        FieldKind.TunnelId => "tun_id",
        FieldKind.EthDst => "dl_dst",
        FieldKind.EthSrc => "dl_src",
        FieldKind.EthType => "dl_type",
        FieldKind.VlanVid => "vlan_vid",
        FieldKind.ArpOp => "arp_op",
        FieldKind.ArpSpa => "arp_spa",
        FieldKind.ArpTpa => "arp_tpa",
        FieldKind.ArpSha => "arp_sha",
        FieldKind.ArpTha => "arp_tha",
        _ => field.ToString(),
    };

    /// <summary><paramref name="value"/> written the way ovs-ofctl writes <paramref name="field"/>.</summary>
    public static string Value(FieldKind field, ulong value) => field switch
    {
        FieldKind.EthDst or FieldKind.EthSrc or FieldKind.ArpSha or FieldKind.ArpTha => Mac(value),
        FieldKind.ArpSpa or FieldKind.ArpTpa => Ipv4(value),
        FieldKind.EthType => $"0x{value:x4}",
        FieldKind.TunnelId => $"0x{value:x}",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>aa:bb:cc:dd:ee:ff.</summary>
    public static string Mac(ulong value) =>
        string.Create(17, value, static (span, v) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < 6; i++)
            {
                var b = (int)(v >> (8 * (5 - i))) & 0xFF;
                span[i * 3] = hex[b >> 4];
                span[(i * 3) + 1] = hex[b & 0xF];
                if (i < 5)
                    span[(i * 3) + 2] = ':';
            }
        });

    /// <summary>Dotted quad.</summary>
    public static string Ipv4(ulong value) => new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
}
