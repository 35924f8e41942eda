using System.Text.Json;
using System.Text.Json.Nodes;
using FedNet.OpenFlow;
using Xunit;

namespace FedNet.OpenFlow.Tests.Conformance;

public sealed class ExpectedJsonTests
{
    // The message kinds whose decoded fields are checked against Ryu's expected JSON.
    private static readonly string[] CheckedKinds =
    [
        "OFPFlowMod", "OFPPacketIn", "OFPPacketOut", "OFPSwitchFeatures", "OFPPortDescStatsReply", "OFPFlowStatsReply",
        "OFPGroupMod", "OFPMeterMod", "OFPErrorMsg", "OFPFlowRemoved", "OFPPortStatus",
    ];

    // Vectors whose expected JSON needs what FedNet deliberately keeps opaque (Nicira actions it does not model, such
    // as learn/ct/conjunction, which round-trip byte-identically instead) or a decoded packet library payload.
    private static readonly Dictionary<string, string> Opaque = new(StringComparer.Ordinal)
    {
        ["libofproto-OFP13-flow_mod.packet"] = "NXAST_LEARN",
        ["libofproto-OFP13-flow_mod_conjunction.packet"] = "NXAST_CONJUNCTION",
        ["libofproto-OFP13-ofp_packet_out_packet_library.packet"] = "Ryu decodes the payload with its packet library",
        ["ovs-ofctl-of13-action_conjunction.packet"] = "NXAST_CONJUNCTION",
        ["ovs-ofctl-of13-action_controller.packet"] = "NXAST_CONTROLLER",
        ["ovs-ofctl-of13-action_controller2.packet"] = "NXAST_CONTROLLER2",
        ["ovs-ofctl-of13-action_ct.packet"] = "NXAST_CT",
        ["ovs-ofctl-of13-action_ct_clear.packet"] = "NXAST_CT_CLEAR",
        ["ovs-ofctl-of13-action_ct_exec.packet"] = "NXAST_CT",
        ["ovs-ofctl-of13-action_ct_nat.packet"] = "NXAST_CT + NAT",
        ["ovs-ofctl-of13-action_ct_nat_v6.packet"] = "NXAST_CT + NAT",
        ["ovs-ofctl-of13-action_dec_ttl_cnt_ids.packet"] = "NXAST_DEC_TTL_CNT_IDS",
        ["ovs-ofctl-of13-action_fintimeout.packet"] = "NXAST_FIN_TIMEOUT",
        ["ovs-ofctl-of13-action_learn.packet"] = "NXAST_LEARN",
        ["ovs-ofctl-of13-action_output_trunc.packet"] = "NXAST_OUTPUT_TRUNC",
        ["ovs-ofctl-of13-action_sample.packet"] = "NXAST_SAMPLE",
        ["ovs-ofctl-of13-action_sample2.packet"] = "NXAST_SAMPLE2",
        ["ovs-ofctl-of13-action_stack_pop.packet"] = "NXAST_STACK_POP",
        ["ovs-ofctl-of13-action_stack_push.packet"] = "NXAST_STACK_PUSH",
    };

    public static TheoryData<string> CheckedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Corpus.ValidFiles())
        {
            var expected = Path.Combine(Corpus.ExpectedDir, file + ".json");
            if (!File.Exists(expected) || Opaque.ContainsKey(file))
                continue;
            var kind = JsonNode.Parse(File.ReadAllText(expected))!.AsObject().First().Key;
            if (CheckedKinds.Contains(kind))
                data.Add(file);
        }
        return data;
    }

    [Fact]
    public void CheckedFiles_CoverEveryRequiredKind()
    {
        var kinds = CheckedFiles().Select(row => (string)row.Data)
            .Select(f => JsonNode.Parse(File.ReadAllText(Path.Combine(Corpus.ExpectedDir, f + ".json")))!.AsObject().First().Key)
            .ToHashSet();
        foreach (var required in new[]
        {
            "OFPFlowMod", "OFPPacketIn", "OFPPacketOut", "OFPSwitchFeatures", "OFPPortDescStatsReply", "OFPFlowStatsReply",
            "OFPGroupMod", "OFPMeterMod", "OFPErrorMsg",
        })
            Assert.Contains(required, kinds);
    }

    [Theory]
    [MemberData(nameof(CheckedFiles))]
    public void CorpusMessage_DecodedFields_EqualRyuExpectedJson(string file)
    {
        var frames = Corpus.Frames(file);
        Assert.Single(frames);
        var actual = JsonNode.Parse(RyuProjection.Project(OpenFlowCodec.Decode(frames[0])).ToJsonString())!;
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Corpus.ExpectedDir, file + ".json")))!;
        var difference = JsonTree.FirstDifference(expected, actual, "$");
        Assert.True(difference is null, $"{file}: {difference}");
    }
}

/// <summary>Structural JSON comparison that reports the first differing path.</summary>
internal static class JsonTree
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "null"}";
                foreach (var (key, value) in eo)
                {
                    if (!ao.ContainsKey(key))
                        return $"{path}.{key}: missing";
                    if (FirstDifference(value, ao[key], $"{path}.{key}") is { } d)
                        return d;
                }
                foreach (var (key, _) in ao)
                {
                    if (!eo.ContainsKey(key))
                        return $"{path}.{key}: unexpected";
                }
                return null;
            case JsonArray ea:
                if (actual is not JsonArray aa)
                    return $"{path}: expected an array, got {actual?.ToJsonString() ?? "null"}";
                if (ea.Count != aa.Count)
                    return $"{path}: expected {ea.Count} items, got {aa.Count}";
                for (var i = 0; i < ea.Count; i++)
                {
                    if (FirstDifference(ea[i], aa[i], $"{path}[{i}]") is { } d)
                        return d;
                }
                return null;
            default:
                if (actual is not JsonValue av)
                    return $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}";
                var ev = (JsonValue)expected;
                if (ev.GetValueKind() == JsonValueKind.Number && av.GetValueKind() == JsonValueKind.Number)
                    return decimal.Parse(ev.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
                        == decimal.Parse(av.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
                        ? null
                        : $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}";
                return ev.ToJsonString() == av.ToJsonString() ? null : $"{path}: expected {ev.ToJsonString()}, got {av.ToJsonString()}";
        }
    }
}
