namespace FedNet.OpenFlow.Internal;

/// <summary>
/// Shared immutable arrays for 1- and 2-byte OXM values (VLAN ids, ethertypes, IP protocols, PCP...), so decoding
/// the common match fields does not allocate a fresh array each time. Safe because nothing mutates a decoded value:
/// <see cref="EquatableArray{T}"/> exposes only read-only views and copies.
/// </summary>
internal static class SmallValues
{
    private static readonly byte[][] OneByte = CreateOneByte();
    private static byte[]?[]? _twoBytes;

    public static byte[] Get(ReadOnlySpan<byte> value)
    {
        switch (value.Length)
        {
            case 1:
                return OneByte[value[0]];
            case 2:
                var table = _twoBytes ??= new byte[]?[ushort.MaxValue + 1];
                var key = value[0] << 8 | value[1];
                // A benign race: two threads may both create the array; either copy is equal and immutable.
                return table[key] ??= [value[0], value[1]];
            default:
                return value.ToArray();
        }
    }

    private static byte[][] CreateOneByte()
    {
        var table = new byte[256][];
        for (var i = 0; i < table.Length; i++)
            table[i] = [(byte)i];
        return table;
    }
}
