using System.Text.Json.Nodes;
using FedNet.Evaluation.Restart;

namespace FedNet.Evaluation.Tests;

public sealed class RestartTests
{
    [Fact]
    public void BuildState_ThousandExtra_OneSwitchWithThePlannedFlowsPlusTheExtraOnes()
    {
        var small = RestartWorkload.BuildState(Repository.Examples, 0, out var id);
        var big = RestartWorkload.BuildState(Repository.Examples, 1000, out var same);

        Assert.Equal(id, same);
        Assert.Equal(RestartWorkload.Node, id.Node);
        Assert.Single(big.Switches);
        Assert.True(small.FlowCount > 0);
        Assert.Equal(small.FlowCount + 1000, big.FlowCount);
    }

    [Fact]
    public void FlowLines_DumpWithHeaderInAnyOrder_SortedFlowLinesOnly()
    {
        const string dump = """
            OFPST_FLOW reply (OF1.3) (xid=0x2):
             cookie=0xfe02, priority=50,dl_vlan=101 actions=output:1
             cookie=0xfe01, priority=50,dl_vlan=100 actions=output:1
            """;

        Assert.Equal(["cookie=0xfe01, priority=50,dl_vlan=100 actions=output:1", "cookie=0xfe02, priority=50,dl_vlan=101 actions=output:1"],
            RestartWorkload.FlowLines(dump));
    }

    [Fact]
    public async Task Restart_Quick_RestartSendsNothingAndEveryFlowComesBackAfterVswitchdRestart()
    {
        Prerequisites.Require("ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "ip");

        var (dir, _) = await Smoke.RunAsync("restart");
        try
        {
            var data = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "restart.json")))!["data"]!;
            var flows = data["flows"]!.GetValue<int>();
            Assert.Equal(5_000, data["extraFlows"]!.GetValue<int>());
            Assert.True(flows > 5_000);

            // Product guarantee: a restarted controller sends nothing, witnessed by ovs-vswitchd's own counter.
            Assert.Equal(0, data["flowModsAfterRestart"]!.GetValue<int>());
            Assert.Equal(data["revFlowTableBefore"]!.GetValue<long>(), data["revFlowTableAfter"]!.GetValue<long>());
            Assert.All(data["controllerRestarts"]!.AsArray(), r =>
            {
                Assert.Equal(0, r!["flowMods"]!.GetValue<int>());
                Assert.Equal(0, r["ovsdbWrites"]!.GetValue<int>());
                Assert.Equal(flows, r["flowsInSync"]!.GetValue<int>());
                Assert.Equal(flows, r["dumpedFlows"]!.GetValue<int>());
                Assert.True(r["seconds"]!.GetValue<double>() > 0 && r["dumpSeconds"]!.GetValue<double>() > 0);
            });

            Assert.All(data["writes"]!.AsArray(), w =>
            {
                Assert.Equal(flows, w!["fednetFlowMods"]!.GetValue<int>());
                Assert.True(w["fednetSeconds"]!.GetValue<double>() > 0 && w["ofctlSeconds"]!.GetValue<double>() > 0);
            });

            // Every flow back after ovs-vswitchd was killed and started again.
            Assert.True(data["everyFlowBack"]!.GetValue<bool>());
            var restarts = data["vswitchdRestarts"]!.AsArray();
            Assert.NotEmpty(restarts);
            Assert.All(restarts, r =>
            {
                Assert.True(r!["equalsPlan"]!.GetValue<bool>());
                Assert.Equal(flows, r["flowsBack"]!.GetValue<int>());
                Assert.Equal(flows, r["flowMods"]!.GetValue<int>());
                Assert.NotEqual(r["killedPid"]!.GetValue<int>(), r["startedPid"]!.GetValue<int>());
            });
            Assert.True(data["reconnect"]!["initialDelayMs"]!.GetValue<double>() > 0);

            // The lab is gone.
            Assert.DoesNotMatch(@"(?m)^fnl-t[0-9a-f]{2}rst-", Shell.Run("ip", "netns", "list"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
