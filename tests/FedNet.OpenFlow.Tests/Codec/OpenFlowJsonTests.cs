using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json.Nodes;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Tests.Conformance;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

public sealed class OpenFlowJsonTests
{
    [Fact]
    public void Serialize_EveryCorpusMessage_IsJsonWithTypeXidAndFields()
    {
        foreach (var (name, frame) in Corpus.AllFrames())
        {
            var message = OpenFlowCodec.Decode(frame);
            var json = JsonNode.Parse(OpenFlowJson.Serialize(message))!;
            Assert.Equal(message.GetType().Name, (string)json["type"]!);
            Assert.Equal(message.Xid, (uint)json["xid"]!);
            Assert.True(json["fields"] is JsonObject, name);
        }
    }

    [Fact]
    public void Serialize_FlowMod_RendersOxmValuesReadably()
    {
        var flow = new FlowMod
        {
            Xid = 9,
            Match = Match.Any.VlanVid(100).EthDst(PhysicalAddress.Parse("02-00-00-00-00-05")).Ipv4Dst(IPAddress.Parse("10.0.0.0"), 8),
            Instructions = [Instructions.Apply(NiciraActions.Move(NxmField.ArpSha, NxmField.ArpTha), Actions.Output(3))],
        };

        var json = JsonNode.Parse(OpenFlowJson.Serialize(flow))!;

        var fields = json["fields"]!["match"]!["fields"]!.AsArray();
        Assert.Equal("vlan_vid", (string)fields[0]!["field"]!);
        Assert.Equal(0x1064, (int)fields[0]!["value"]!);
        Assert.Equal("02:00:00:00:00:05", (string)fields[1]!["value"]!);
        Assert.Equal("10.0.0.0", (string)fields[2]!["value"]!);
        Assert.Equal("255.0.0.0", (string)fields[2]!["mask"]!);
        var actions = json["fields"]!["instructions"]![0]!["actions"]!.AsArray();
        Assert.Equal("NxRegMoveAction", (string)actions[0]!["@type"]!);
        Assert.Equal("arp_sha_nxm", (string)actions[0]!["source"]!);
        Assert.Equal(3, (int)actions[1]!["port"]!);
    }
}
