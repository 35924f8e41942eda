using System.Net;
using System.Net.NetworkInformation;
using FedNet.OpenFlow;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>What FedNet encodes, Open vSwitch's own parser (<c>ovs-ofctl ofp-print</c>) reads as intended.</summary>
public sealed class OvsOfctlCrossCheckTests
{
    [Fact]
    public void FlowModWithNiciraActions_OfpPrint_ShowsOvsSyntax()
    {
        var flow = new FlowMod
        {
            Xid = 5,
            Cookie = 0xabc,
            TableId = 2,
            Priority = 300,
            Match = Match.Any.EthType(0x0806).VlanVid(100).ArpTpa(IPAddress.Parse("10.0.0.7")),
            Instructions =
            [
                Instructions.Apply(
                    NiciraActions.Move(NxmField.EthSrc, NxmField.EthDst),
                    Actions.SetField(OxmField.EthSrc, PhysicalAddress.Parse("02-00-00-00-00-07")),
                    NiciraActions.Load(NxmField.Reg(3), 0x2a),
                    NiciraActions.Resubmit(4),
                    NiciraActions.Note("fednet"),
                    Actions.Output(OfpPortNo.InPort)),
            ],
        };

        var text = OfpPrint(OpenFlowCodec.Encode(flow));

        Assert.Contains("OFPT_FLOW_MOD (OF1.3)", text, StringComparison.Ordinal);
        Assert.Contains("table:2", text, StringComparison.Ordinal);
        Assert.Contains("priority=300", text, StringComparison.Ordinal);
        Assert.Contains("arp,dl_vlan=100,arp_tpa=10.0.0.7", text, StringComparison.Ordinal);
        Assert.Contains("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]", text, StringComparison.Ordinal);
        Assert.Contains("set_field:02:00:00:00:00:07->eth_src", text, StringComparison.Ordinal);
        Assert.Contains("load:0x2a->NXM_NX_REG3[]", text, StringComparison.Ordinal);
        Assert.Contains("resubmit(,4)", text, StringComparison.Ordinal);
        Assert.Contains("note:66.65.64.6e.65.74", text, StringComparison.Ordinal);
        Assert.Contains("IN_PORT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BundleMessages_OfpPrint_ShowsOnfBundle()
    {
        var open = OfpPrint(OpenFlowCodec.Encode(new BundleControl { BundleId = 9, ControlType = BundleControlType.OpenRequest, Flags = BundleFlags.Atomic }));
        Assert.Contains("bundle_id=0x9 type=OPEN_REQUEST flags=atomic", open, StringComparison.Ordinal);

        var add = OfpPrint(OpenFlowCodec.Encode(BundleAdd.For(9, new FlowMod { Xid = 4, Instructions = [Instructions.Apply(Actions.Output(2))] })));
        Assert.Contains("bundle_id=0x9", add, StringComparison.Ordinal);
        Assert.Contains("OFPT_FLOW_MOD", add, StringComparison.Ordinal);
        Assert.Contains("actions=output:2", add, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupAndMeterMods_OfpPrint_ShowBucketsAndBands()
    {
        var group = OfpPrint(OpenFlowCodec.Encode(new GroupMod
        {
            GroupId = 12,
            GroupType = OfpGroupType.Select,
            Buckets = [new Bucket { Weight = 3, Actions = [Actions.Output(5)] }],
        }));
        Assert.Contains("group_id=12,type=select", group, StringComparison.Ordinal);
        Assert.Contains("weight:3,actions=output:5", group, StringComparison.Ordinal);

        var meter = OfpPrint(OpenFlowCodec.Encode(new MeterMod
        {
            MeterId = 3,
            Flags = OfpMeterFlags.Kbps | OfpMeterFlags.Burst,
            Bands = [new DropBand { Rate = 1000, BurstSize = 100 }],
        }));
        Assert.Contains("meter=3 kbps burst", meter, StringComparison.Ordinal);
        Assert.Contains("type=drop rate=1000 burst_size=100", meter, StringComparison.Ordinal);
    }

    private static string OfpPrint(byte[] bytes)
    {
        Prerequisites.Require("ovs-ofctl");
        var text = Shell.Run("ovs-ofctl", "ofp-print", Convert.ToHexString(bytes));
        Assert.DoesNotContain("***", text, StringComparison.Ordinal); // ofp-print flags bytes it could not use
        return text;
    }
}
