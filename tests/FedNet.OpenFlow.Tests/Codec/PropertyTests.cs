using CsCheck;
using FedNet.OpenFlow;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>Generated messages survive encode → decode as equal records (CsCheck).</summary>
public sealed class PropertyTests
{
    private static readonly OxmField[] Fields =
    [
        OxmField.InPort, OxmField.Metadata, OxmField.EthDst, OxmField.EthSrc, OxmField.EthType, OxmField.VlanVid,
        OxmField.IpProto, OxmField.Ipv4Src, OxmField.Ipv6Dst, OxmField.ArpTpa, OxmField.TunnelId, OxmField.PbbIsid,
        NxmField.Reg(0), NxmField.Reg(15), NxmField.TunId, NxmField.TunIpv4Dst, OxmField.XReg(3),
        new OxmField(OxmField.ExperimenterClass, 5, 3, 0x00abcdef),
    ];

    private static readonly Gen<Oxm> GenOxm =
        from field in Gen.OneOfConst(Fields)
        from value in Gen.Byte.Array[field.Length]
        from masked in Gen.Bool
        from mask in Gen.Byte.Array[field.Length]
        select masked ? Oxm.Of(field, value, mask) : Oxm.Of(field, value);

    private static readonly Gen<Match> GenMatch = GenOxm.Array[0, 6].Select(fields => new Match(fields));

    private static readonly Gen<OfpAction> GenAction = Gen.OneOf<OfpAction>(
        Gen.UInt.Select(Gen.UShort, (port, max) => (OfpAction)Actions.Output(port, max)),
        Gen.UShort.Select(v => (OfpAction)Actions.SetVlanVid((ushort)(v & 0xfff))),
        GenOxm.Where(o => !o.HasMask).Select(o => (OfpAction)new SetFieldAction(o)),
        Gen.UShort.Select(e => (OfpAction)Actions.PushVlan(e)),
        Gen.Const((OfpAction)Actions.PopVlan()),
        Gen.UInt.Select(g => (OfpAction)Actions.Group(g)),
        Gen.Byte.Select(t => (OfpAction)Actions.SetNwTtl(t)),
        Gen.Int[0, 15].Select(Gen.Int[0, 15], (a, b) => (OfpAction)NiciraActions.Move(NxmField.Reg(a), NxmField.Reg(b))),
        Gen.Int[0, 15].Select(Gen.ULong, (a, v) => (OfpAction)NiciraActions.Load(NxmField.Reg(a), v & 0xffffffff)),
        Gen.Byte.Select(t => (OfpAction)NiciraActions.Resubmit(t)),
        Gen.Byte.Array[0, 20].Select(b => (OfpAction)NiciraActions.Note(b)),
        Gen.Byte.Array[0, 3].Select(d => (OfpAction)new ExperimenterAction(0x00001234, [.. d, .. new byte[8 - ((8 + d.Length) % 8 == 0 ? 8 : (8 + d.Length) % 8)]])));

    private static readonly Gen<OfpInstruction> GenInstruction = Gen.OneOf<OfpInstruction>(
        GenAction.Array[0, 5].Select(a => (OfpInstruction)Instructions.Apply(a)),
        GenAction.Array[0, 3].Select(a => (OfpInstruction)Instructions.Write(a)),
        Gen.Byte.Select(t => (OfpInstruction)Instructions.GotoTable(t)),
        Gen.ULong.Select(Gen.ULong, (m, k) => (OfpInstruction)Instructions.WriteMetadata(m, k)),
        Gen.UInt.Select(m => (OfpInstruction)Instructions.Meter(m)),
        Gen.Const((OfpInstruction)Instructions.Clear()));

    private static readonly Gen<FlowMod> GenFlowMod =
        from cookie in Gen.ULong
        from table in Gen.Byte
        from priority in Gen.UShort
        from idle in Gen.UShort
        from match in GenMatch
        from instructions in GenInstruction.Array[0, 4]
        from xid in Gen.UInt
        select new FlowMod
        {
            Xid = xid,
            Cookie = cookie,
            TableId = table,
            Priority = priority,
            IdleTimeout = idle,
            Match = match,
            Instructions = instructions,
        };

    [Fact]
    public void GeneratedFlowMod_EncodeDecode_IsEqualAndReencodesIdentically()
    {
        GenFlowMod.Sample(flow =>
        {
            var bytes = OpenFlowCodec.Encode(flow);
            var decoded = OpenFlowCodec.Decode(bytes);
            Assert.Equal(flow, decoded);
            Assert.Equal(bytes, OpenFlowCodec.Encode(decoded));
        }, iter: 2000);
    }

    [Fact]
    public void GeneratedFlowStatsReply_InsideBundle_RoundTrips()
    {
        var genStats = from match in GenMatch
                       from instructions in GenInstruction.Array[0, 3]
                       from packets in Gen.ULong
                       select new FlowStats { Match = match, Instructions = instructions, PacketCount = packets };
        genStats.Array[0, 5].Sample(entries =>
        {
            var reply = new FlowStatsReply { Xid = 3, Flags = MultipartReply.MoreFlag, Entries = entries };
            Assert.Equal(reply, OpenFlowCodec.Decode(OpenFlowCodec.Encode(reply)));
            var bundled = BundleAdd.For(1, reply);
            Assert.Equal(bundled, OpenFlowCodec.Decode(OpenFlowCodec.Encode(bundled)));
        }, iter: 500);
    }
}
