using System.Net;
using System.Net.NetworkInformation;
using FedNet.OpenFlow;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

public sealed class BuilderTests
{
    private static FlowMod ArpResponder(ushort vlan, string ip, string mac) => new()
    {
        Cookie = 0xfed0000000000001,
        TableId = 1,
        Priority = 100,
        Match = Match.Any.EthType(0x0806).VlanVid(vlan).ArpOp(1).ArpTpa(IPAddress.Parse(ip)),
        Instructions =
        [
            Instructions.Apply(
                NiciraActions.Move(NxmField.EthSrc, NxmField.EthDst),
                Actions.SetField(OxmField.EthSrc, PhysicalAddress.Parse(mac)),
                Actions.SetField(OxmField.ArpOp, 2),
                NiciraActions.Move(NxmField.ArpSha, NxmField.ArpTha),
                NiciraActions.Move(NxmField.ArpSpa, NxmField.ArpTpa),
                NiciraActions.Load(NxmField.ArpSpa, 0x0a000005),
                Actions.Output(OfpPortNo.InPort)),
        ],
    };

    [Fact]
    public void Match_VlanVid_SetsOfpVidPresent()
    {
        var oxm = Match.Any.VlanVid(100).Get(OxmField.VlanVid)!;
        Assert.Equal(0x1064ul, oxm.ValueAsUInt64());
        Assert.False(oxm.HasMask);
    }

    [Fact]
    public void Match_UntaggedAndAnyTag_FollowOfpVidSemantics()
    {
        Assert.Equal(0ul, Match.Any.Untagged().Get(OxmField.VlanVid)!.ValueAsUInt64());
        var any = Match.Any.AnyVlanTag().Get(OxmField.VlanVid)!;
        Assert.Equal(0x1000ul, any.ValueAsUInt64());
        Assert.Equal(0x1000ul, any.MaskAsUInt64());
    }

    [Fact]
    public void Match_SameFieldTwice_ReplacesTheEarlierValue()
    {
        var match = Match.Any.InPort(1).EthType(0x800).InPort(2);
        Assert.Equal(2, match.Fields.Count);
        Assert.Equal(2ul, match.Get(OxmField.InPort)!.ValueAsUInt64());
    }

    [Fact]
    public void Match_Ipv4Prefix_EncodesValueAndMask()
    {
        var oxm = Match.Any.Ipv4Dst(IPAddress.Parse("10.1.2.3"), 24).Get(OxmField.Ipv4Dst)!;
        Assert.Equal(0x0a010200ul, oxm.ValueAsUInt64());
        Assert.Equal(0xffffff00ul, oxm.MaskAsUInt64());
    }

    [Fact]
    public void FlowMod_BuiltTwice_IsEqualWithEqualHash()
    {
        var a = ArpResponder(100, "10.0.0.5", "02:00:00:00:00:05");
        var b = ArpResponder(100, "10.0.0.5", "02:00:00:00:00:05");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ArpResponder(101, "10.0.0.5", "02:00:00:00:00:05"));
        Assert.NotEqual(a, ArpResponder(100, "10.0.0.5", "02:00:00:00:00:06"));
    }

    [Fact]
    public void FlowMod_WithNiciraActions_RoundTripsToAnEqualRecord()
    {
        var flow = ArpResponder(100, "10.0.0.5", "02:00:00:00:00:05") with { Xid = 42 };
        Assert.Equal(flow, OpenFlowCodec.Decode(OpenFlowCodec.Encode(flow)));
    }

    [Theory]
    [InlineData("move", "ffff001800002320000600300000000000000406 00000206")]
    [InlineData("load", "ffff001800002320 0007001f00010004 0000000000000005")]
    [InlineData("resubmit", "ffff001000002320 000efff803000000")]
    [InlineData("resubmit-port", "ffff001000002320 0001000700000000")]
    [InlineData("note", "ffff001000002320 0008686900000000")]
    [InlineData("set-vlan", "0019001080000c02 1064000000000000")]
    [InlineData("output", "0000001000000001 ffff000000000000")]
    public void Action_Encode_MatchesGoldenBytes(string kind, string hex)
    {
        OfpAction action = kind switch
        {
            "move" => NiciraActions.Move(NxmField.EthSrc, NxmField.EthDst),
            "load" => NiciraActions.Load(NxmField.Reg(0), 5),
            "resubmit" => NiciraActions.Resubmit(3),
            "resubmit-port" => NiciraActions.ResubmitPort(7),
            "note" => NiciraActions.Note("hi"),
            "set-vlan" => Actions.SetVlanVid(100),
            _ => Actions.Output(1),
        };
        var bytes = OpenFlowCodec.Encode(new PacketOut { Actions = [action] });
        Assert.Equal(hex.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(bytes.AsSpan(24)).ToLowerInvariant());
        var decoded = Assert.IsType<PacketOut>(OpenFlowCodec.Decode(bytes));
        Assert.Equal(action, Assert.Single(decoded.Actions));
    }

    [Fact]
    public void NiciraAction_WithNonZeroPadding_StaysOpaqueAndRoundTrips()
    {
        var bytes = OpenFlowCodec.Encode(new PacketOut { Actions = [NiciraActions.Resubmit(3)] });
        bytes[^1] = 0x5a; // NXAST_RESUBMIT_TABLE's pad[3] must be zero for the typed form
        var decoded = Assert.IsType<PacketOut>(OpenFlowCodec.Decode(bytes));
        var opaque = Assert.IsType<ExperimenterAction>(Assert.Single(decoded.Actions));
        Assert.Equal(NiciraAction.NiciraVendorId, opaque.Experimenter);
        Assert.Equal(bytes, OpenFlowCodec.Encode(decoded));
    }

    [Fact]
    public void BundleAdd_For_SharesXidAndRoundTrips()
    {
        var add = BundleAdd.For(7, ArpResponder(5, "10.0.0.1", "02:00:00:00:00:01") with { Xid = 99 }, BundleFlags.Atomic);
        Assert.Equal(99u, add.Xid);
        var decoded = Assert.IsType<BundleAdd>(OpenFlowCodec.Decode(OpenFlowCodec.Encode(add)));
        Assert.Equal(add, decoded);
        Assert.IsType<FlowMod>(decoded.Message);
    }

    [Fact]
    public void Hello_ForVersions_AnnouncesBitmapAndHighestVersion()
    {
        var hello = Hello.ForVersions(1, 4);
        var bytes = OpenFlowCodec.Encode(hello);
        Assert.Equal("04000010000000000001000800000012", Convert.ToHexString(bytes).ToLowerInvariant());
        var decoded = Assert.IsType<Hello>(OpenFlowCodec.Decode(bytes));
        Assert.True(decoded.Supports(4));
        Assert.True(decoded.Supports(1));
        Assert.False(decoded.Supports(5));
    }

    [Fact]
    public void ErrorMessage_ToException_CarriesTypeCodeAndData()
    {
        var error = new ErrorMessage { Xid = 3, ErrorType = OfpErrorType.BadAction, Code = 4, Data = new byte[] { 1, 2 } };
        var e = error.ToException();
        Assert.Equal(OfpErrorType.BadAction, e.Type);
        Assert.Equal(4, e.Code);
        Assert.Equal(3u, e.Xid);
        Assert.Equal(new byte[] { 1, 2 }, e.ErrorData.ToArray());
        Assert.IsAssignableFrom<FedNetException>(e);
    }
}
