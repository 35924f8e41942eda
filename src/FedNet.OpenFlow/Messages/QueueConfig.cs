using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>
/// OFPT_QUEUE_GET_CONFIG_REQUEST (spec 1.3.5 A.3.6): <c>struct ofp_queue_get_config_request { ofp_header;
/// uint32_t port; uint8_t pad[4]; }</c>.
/// </summary>
public sealed record QueueGetConfigRequest : OfpMessage
{
    public override OfpType Type => OfpType.QueueGetConfigRequest;

    /// <summary>Port to query, or OFPP_ANY.</summary>
    public uint Port { get; init; } = OfpPortNo.Any;

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(Port);
        writer.Zeros(4);
    }

    internal static QueueGetConfigRequest Decode(ref OfpReader r)
    {
        var m = new QueueGetConfigRequest { Port = r.U32() };
        r.Pad(4);
        r.ExpectEnd("queue get config request");
        return m;
    }
}

/// <summary>
/// OFPT_QUEUE_GET_CONFIG_REPLY (spec 1.3.5 A.3.6): <c>struct ofp_queue_get_config_reply { ofp_header; uint32_t port;
/// uint8_t pad[4]; ofp_packet_queue queues[]; }</c>.
/// </summary>
public sealed record QueueGetConfigReply : OfpMessage
{
    public override OfpType Type => OfpType.QueueGetConfigReply;
    public uint Port { get; init; }
    public EquatableArray<PacketQueue> Queues { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U32(Port);
        writer.Zeros(4);
        foreach (var q in Queues)
            q.Encode(writer);
    }

    internal static QueueGetConfigReply Decode(ref OfpReader r)
    {
        var port = r.U32();
        r.Pad(4);
        var list = new List<PacketQueue>();
        while (!r.IsEmpty)
            list.Add(PacketQueue.Decode(ref r));
        return new QueueGetConfigReply { Port = port, Queues = list.ToArray() };
    }
}

/// <summary>
/// A queue description (spec 1.3.5 A.2.2): <c>struct ofp_packet_queue { uint32_t queue_id; uint32_t port;
/// uint16_t len; uint8_t pad[6]; ofp_queue_prop_header properties[]; }</c>.
/// </summary>
public sealed record PacketQueue
{
    public uint QueueId { get; init; }
    public uint Port { get; init; }
    public EquatableArray<QueueProperty> Properties { get; init; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U32(QueueId);
        w.U32(Port);
        var lengthAt = w.Position;
        w.U16(0);
        w.Zeros(6);
        foreach (var p in Properties)
            p.Encode(w);
        w.PatchU16(lengthAt, w.Position - start);
    }

    internal static PacketQueue Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(8), 16, aligned: false, "packet queue");
        var b = r.Sub(length, "packet queue");
        var id = b.U32();
        var port = b.U32();
        b.U16();
        b.Pad(6);
        var list = new List<QueueProperty>();
        while (!b.IsEmpty)
            list.Add(QueueProperty.Decode(ref b));
        return new PacketQueue { QueueId = id, Port = port, Properties = list.ToArray() };
    }
}

/// <summary>
/// A queue property (spec 1.3.5 A.2.2): <c>struct ofp_queue_prop_header { uint16_t property; uint16_t len;
/// uint8_t pad[4]; }</c> + body. Min/max rate are typed; the rest opaque.
/// </summary>
public abstract record QueueProperty
{
    private protected QueueProperty()
    {
    }

    /// <summary>OFPQT_*.</summary>
    public abstract ushort Property { get; }

    internal void Encode(OfpWriter w)
    {
        var start = w.Position;
        w.U16(Property);
        w.U16(0);
        w.Zeros(4);
        EncodeBody(w);
        w.PatchU16(start + 2, w.Position - start);
    }

    private protected abstract void EncodeBody(OfpWriter w);

    internal static QueueProperty Decode(ref OfpReader r)
    {
        var length = r.CheckTlvLength(r.PeekU16(2), 8, aligned: false, "queue property");
        var b = r.Sub(length, "queue property");
        var type = b.U16();
        b.U16();
        b.Pad(4);
        QueueProperty p = type switch
        {
            // struct ofp_queue_prop_min_rate / max_rate { header; uint16_t rate; uint8_t pad[6]; } (rate in 1/10 %)
            1 or 2 when length == 16 => new QueueRateProperty(type == 2, b.U16()),
            0xffff when length >= 16 => ExperimenterOf(ref b),
            _ => new UnknownQueueProperty(type, b.RestArray()),
        };
        b.Pad(b.Remaining);
        return p;
    }

    private static ExperimenterQueueProperty ExperimenterOf(ref OfpReader b)
    {
        var experimenter = b.U32();
        b.Pad(4);
        return new ExperimenterQueueProperty(experimenter, b.RestArray());
    }
}

/// <summary>OFPQT_MIN_RATE / OFPQT_MAX_RATE; <see cref="Rate"/> in tenths of a percent (&gt;1000 = disabled).</summary>
public sealed record QueueRateProperty(bool IsMax, ushort Rate) : QueueProperty
{
    public override ushort Property => IsMax ? (ushort)2 : (ushort)1;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U16(Rate);
        w.Zeros(6);
    }
}

/// <summary>OFPQT_EXPERIMENTER: <c>{ header; uint32_t experimenter; uint8_t pad[4]; uint8_t data[]; }</c>.</summary>
public sealed record ExperimenterQueueProperty(uint Experimenter, EquatableArray<byte> Data) : QueueProperty
{
    public override ushort Property => 0xffff;

    private protected override void EncodeBody(OfpWriter w)
    {
        w.U32(Experimenter);
        w.Zeros(4);
        w.Bytes(Data.AsSpan());
    }
}

/// <summary>A queue property this library does not know, kept as the bytes after its 8-byte header.</summary>
public sealed record UnknownQueueProperty(ushort Code, EquatableArray<byte> Data) : QueueProperty
{
    public override ushort Property => Code;

    private protected override void EncodeBody(OfpWriter w) => w.Bytes(Data.AsSpan());
}
