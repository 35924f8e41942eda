using System.Buffers.Binary;
using FedNet.OpenFlow;

namespace FedNet.Cbench.Internal;

/// <summary>
/// The packet-ins one emulated switch sends: learning-switch traffic over <c>macs</c> source MACs. Packet-in number
/// <c>seq</c> carries source MAC <c>m = seq mod macs</c> and destination MAC <c>m - 1</c> (the previous packet's source,
/// so a learning controller already knows it and answers with a flow-mod and a packet-out), arrives on port
/// <c>1 + seq mod 4</c>, is not buffered (OFP_NO_BUFFER, so every controller also sends a packet-out) and carries
/// <c>seq</c> in its payload, which the packet-out echoes back (latency mode matches answers by it).
/// </summary>
/// <remarks>
/// The message is encoded once by <see cref="OpenFlowCodec"/> and only its varying fields are patched per packet;
/// the constructor checks the patch offsets by decoding a patched copy.
/// </remarks>
internal sealed class TrafficPattern
{
    /// <summary>Ports the emulated switch has (1..4).</summary>
    public const int Ports = 4;

    // Offsets in the packet-in (spec 1.3.5 A.4.1): header 8, buffer_id 4, total_len 2, reason 1, table_id 1, cookie 8,
    // then ofp_match (type 2, length 2) whose first OXM is in_port (header 4, value 4).
    private const int XidOffset = 4;
    private const int InPortOffset = 8 + 4 + 2 + 1 + 1 + 8 + 4 + 4;

    // Offsets in the Ethernet frame: dst 0, src 6, ethertype 12, IPv4 14 (20 bytes), UDP 34 (8 bytes), payload 42.
    private const int FrameLength = 64;
    private const int SequenceInFrame = 42;

    private readonly byte[] _template;
    private readonly int _dataOffset;
    private readonly ushort _switchIndex;
    private readonly int _macs;

    public TrafficPattern(int switchIndex, int macs)
    {
        _switchIndex = (ushort)switchIndex;
        _macs = macs;
        var frame = Frame();
        _template = OpenFlowCodec.Encode(new PacketIn
        {
            BufferId = FlowMod.NoBuffer,
            TotalLength = FrameLength,
            Reason = OfpPacketInReason.NoMatch,
            Match = Match.Any.InPort(1),
            Data = frame,
        });
        _dataOffset = _template.Length - FrameLength;
        SelfCheck();
    }

    /// <summary>Bytes of one packet-in.</summary>
    public int MessageLength => _template.Length;

    /// <summary>Writes packet-in <paramref name="seq"/> into <paramref name="destination"/> (at least <see cref="MessageLength"/> bytes).</summary>
    public void Write(uint seq, Span<byte> destination)
    {
        _template.CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[XidOffset..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[InPortOffset..], InPortOf(seq));
        var data = destination[_dataOffset..];
        var m = (uint)(seq % (uint)_macs);
        WriteMac(data, (m + (uint)_macs - 1) % (uint)_macs);
        WriteMac(data[6..], m);
        BinaryPrimitives.WriteUInt32BigEndian(data[SequenceInFrame..], seq);
    }

    /// <summary>The sequence number a packet-out's data carries, if the data is one of this pattern's frames.</summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> frame, out uint seq)
    {
        seq = 0;
        if (frame.Length < SequenceInFrame + 4)
            return false;
        seq = BinaryPrimitives.ReadUInt32BigEndian(frame[SequenceInFrame..]);
        return true;
    }

    /// <summary>The ingress port of packet-in <paramref name="seq"/>.</summary>
    public static uint InPortOf(uint seq) => 1 + (seq % Ports);

    /// <summary>MAC number <paramref name="index"/> of this switch: 02:SS:SS:II:II:II (locally administered, unicast).</summary>
    public ulong Mac(uint index) => (0x02UL << 40) | ((ulong)_switchIndex << 24) | (index & 0xFFFFFF);

    private void WriteMac(Span<byte> destination, uint index)
    {
        var mac = Mac(index);
        for (var i = 0; i < 6; i++)
            destination[i] = (byte)(mac >> (8 * (5 - i)));
    }

    private static byte[] Frame()
    {
        var f = new byte[FrameLength];
        var s = f.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(s[12..], 0x0800);
        // IPv4: version 4, IHL 5, total length 50, TTL 64, UDP, 10.0.0.1 -> 10.0.0.2 (the checksum is not checked by anyone here).
        s[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(s[16..], FrameLength - 14);
        s[22] = 64;
        s[23] = 17;
        s[26] = 10;
        s[29] = 1;
        s[30] = 10;
        s[33] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(s[34..], 40000);
        BinaryPrimitives.WriteUInt16BigEndian(s[36..], 5001);
        BinaryPrimitives.WriteUInt16BigEndian(s[38..], FrameLength - 34);
        return f;
    }

    private void SelfCheck()
    {
        const uint probe = 0x01020307;
        var bytes = new byte[MessageLength];
        Write(probe, bytes);
        var decoded = (PacketIn)OpenFlowCodec.Decode(bytes);
        var data = decoded.Data.AsSpan();
        if (decoded.Xid != probe || decoded.InPort != InPortOf(probe) || data.Length != FrameLength
            || !TryReadSequence(data, out var seq) || seq != probe)
        {
            throw new InvalidOperationException("packet-in template offsets do not match the codec's layout");
        }
    }
}
