using System.Buffers.Binary;

namespace FedNet.Control.Internal;

/// <summary>An Ethernet ARP request for IPv4 over Ethernet (RFC 826), optionally 802.1Q-tagged, and its reply.</summary>
internal readonly record struct ArpFrame(ulong EthSrc, ushort? Tci, ushort Operation, ulong SenderMac, uint SenderIp, uint TargetIp)
{
    private const int EthHeader = 14;
    private const int ArpLength = 28;

    /// <summary>Parses an ARP frame; false (with a reason) for anything else or anything truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out ArpFrame arp, out string? reason)
    {
        arp = default;
        reason = null;
        if (frame.Length < EthHeader)
        {
            reason = $"frame of {frame.Length} bytes is shorter than an Ethernet header";
            return false;
        }
        var offset = 12;
        ushort? tci = null;
        var type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        if (type == 0x8100)
        {
            if (frame.Length < EthHeader + 4)
            {
                reason = "truncated 802.1Q header";
                return false;
            }
            tci = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }
        if (type != 0x0806)
        {
            reason = $"ethertype 0x{type:x4} is not ARP";
            return false;
        }
        var a = frame[(offset + 2)..];
        if (a.Length < ArpLength)
        {
            reason = $"ARP body of {a.Length} bytes at offset {offset + 2} is shorter than 28";
            return false;
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(a) != 1 || BinaryPrimitives.ReadUInt16BigEndian(a[2..]) != 0x0800 || a[4] != 6 || a[5] != 4)
        {
            reason = "not IPv4-over-Ethernet ARP";
            return false;
        }
        arp = new ArpFrame(Mac(frame[6..]), tci, BinaryPrimitives.ReadUInt16BigEndian(a[6..]), Mac(a[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(a[14..]), BinaryPrimitives.ReadUInt32BigEndian(a[24..]));
        return true;
    }

    /// <summary>The reply to this request: <paramref name="mac"/> owns the target IP; tagged with the request's tag when <paramref name="tagged"/>.</summary>
    public byte[] Reply(ulong mac, bool tagged)
    {
        var withTag = tagged && Tci is not null;
        var frame = new byte[(withTag ? 18 : 14) + ArpLength];
        var s = frame.AsSpan();
        WriteMac(s, SenderMac);
        WriteMac(s[6..], mac);
        var offset = 12;
        if (withTag)
        {
            BinaryPrimitives.WriteUInt16BigEndian(s[offset..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(s[(offset + 2)..], Tci!.Value);
            offset += 4;
        }
        BinaryPrimitives.WriteUInt16BigEndian(s[offset..], 0x0806);
        var a = s[(offset + 2)..];
        BinaryPrimitives.WriteUInt16BigEndian(a, 1);
        BinaryPrimitives.WriteUInt16BigEndian(a[2..], 0x0800);
        a[4] = 6;
        a[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(a[6..], 2);
        WriteMac(a[8..], mac);
        BinaryPrimitives.WriteUInt32BigEndian(a[14..], TargetIp);
        WriteMac(a[18..], SenderMac);
        BinaryPrimitives.WriteUInt32BigEndian(a[24..], SenderIp);
        return frame;
    }

    private static ulong Mac(ReadOnlySpan<byte> b) =>
        (ulong)b[0] << 40 | (ulong)b[1] << 32 | (ulong)b[2] << 24 | (ulong)b[3] << 16 | (ulong)b[4] << 8 | b[5];

    private static void WriteMac(Span<byte> s, ulong mac)
    {
        for (var i = 0; i < 6; i++)
            s[i] = (byte)(mac >> (8 * (5 - i)));
    }
}
