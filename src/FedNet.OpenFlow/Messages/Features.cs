using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary>Switch capabilities (<c>enum ofp_capabilities</c>, spec 1.3.5 A.3.1).</summary>
[Flags]
public enum OfpCapabilities : uint
{
    None = 0,
    FlowStats = 1 << 0,
    TableStats = 1 << 1,
    PortStats = 1 << 2,
    GroupStats = 1 << 3,
    IpReassembly = 1 << 5,
    QueueStats = 1 << 6,
    PortBlocked = 1 << 8,
}

/// <summary>
/// OFPT_FEATURES_REPLY (spec 1.3.5 A.3.1): <c>struct ofp_switch_features { ofp_header; uint64_t datapath_id;
/// uint32_t n_buffers; uint8_t n_tables; uint8_t auxiliary_id; uint8_t pad[2]; uint32_t capabilities; uint32_t reserved; }</c>.
/// </summary>
public sealed record FeaturesReply : OfpMessage
{
    public override OfpType Type => OfpType.FeaturesReply;

    /// <summary>Datapath id: the low 48 bits are a MAC, the top 16 are implementer-defined.</summary>
    public ulong DatapathId { get; init; }

    /// <summary>Packets the switch can buffer at once.</summary>
    public uint NBuffers { get; init; }

    /// <summary>Number of flow tables.</summary>
    public byte NTables { get; init; }

    /// <summary>0 for the main connection, else the auxiliary connection id.</summary>
    public byte AuxiliaryId { get; init; }

    /// <summary>OFPC_* bits.</summary>
    public OfpCapabilities Capabilities { get; init; }

    /// <summary>The reserved word, kept for byte-identical round trips.</summary>
    public uint Reserved { get; init; }

    internal override void EncodeBody(OfpWriter writer)
    {
        writer.U64(DatapathId);
        writer.U32(NBuffers);
        writer.U8(NTables);
        writer.U8(AuxiliaryId);
        writer.Zeros(2);
        writer.U32((uint)Capabilities);
        writer.U32(Reserved);
    }

    internal static FeaturesReply Decode(ref OfpReader r)
    {
        var m = new FeaturesReply
        {
            DatapathId = r.U64(),
            NBuffers = r.U32(),
            NTables = r.U8(),
            AuxiliaryId = r.U8(),
        };
        r.Pad(2);
        m = m with { Capabilities = (OfpCapabilities)r.U32(), Reserved = r.U32() };
        r.ExpectEnd("features reply");
        return m;
    }
}
