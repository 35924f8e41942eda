using System.Text.RegularExpressions;
using FedNet.Evaluation.ControllerThroughput;

namespace FedNet.Evaluation.Tests;

/// <summary>FedNet's learning switch (the controller-throughput experiment's FedNet row) driving a real Open vSwitch.</summary>
public sealed partial class ControllerThroughputOvsTests
{
    [Fact]
    public async Task FedNetLearningSwitch_RealOvsTwoNamespaces_PingPassesAndLearnedFlowsInstalled()
    {
        using var ovs = OvsInstance.Start();
        // ovs-vswitchd refuses unix: controller targets outside its run directory.
        var socket = Path.Combine(ovs.Directory, "learning-switch.sock");
        await using var controller = FedNetLearningSwitch.Start("unix:" + socket);
        using var nsA = Netns.Create("lsa");
        using var nsB = Netns.Create("lsb");
        var portA = UniqueName.Next("lpa");
        var portB = UniqueName.Next("lpb");
        using var vethA = VethPair.Create(nsA, ovs.Namespace, "eth0", portA);
        using var vethB = VethPair.Create(nsB, ovs.Namespace, "eth0", portB);
        const string bridge = "brls";
        ovs.AddBridge(bridge, controller: "unix:" + socket);
        ovs.Vsctl("add-port", bridge, portA, "--", "add-port", bridge, portB);
        foreach (var (ns, ip) in new[] { (nsA, "10.9.0.1/24"), (nsB, "10.9.0.2/24") })
        {
            ns.Run("ip", "addr", "add", ip, "dev", "eth0");
            ns.Run("ip", "link", "set", "lo", "up");
            ns.Run("ethtool", "-K", "eth0", "tx", "off");
        }

        // The bridge connects out to the controller (max_backoff 1 s); the table-miss flow is the sign it is up.
        for (var i = 0; i < 100 && !ovs.Ofctl("dump-flows", bridge).Contains("actions=CONTROLLER", StringComparison.Ordinal); i++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        var ping = nsA.Try("ping", "-c", "3", "-i", "0.2", "-W", "2", "10.9.0.2");

        Assert.True(ping.ExitCode == 0, $"ping failed: {ping.StandardOutput} {ping.StandardError}; controller saw {controller.PacketIns} packet-ins, " +
            $"sent {controller.FlowMods} flow-mods, {controller.PacketOuts} packet-outs; flows: {ovs.Ofctl("dump-flows", bridge)}; " +
            $"ports: {ovs.Ofctl("dump-ports-desc", bridge)}");
        var flows = ovs.Ofctl("dump-flows", bridge);
        var ofportA = ovs.Vsctl("get", "Interface", portA, "ofport").Trim();
        var ofportB = ovs.Vsctl("get", "Interface", portB, "ofport").Trim();
        var macA = nsA.Run("cat", "/sys/class/net/eth0/address").Trim();
        var macB = nsB.Run("cat", "/sys/class/net/eth0/address").Trim();
        var learned = LearnedFlow().Matches(flows).Select(m => (InPort: m.Groups[1].Value, Dst: m.Groups[2].Value, Out: m.Groups[3].Value)).ToList();
        Assert.Contains((ofportA, macB, ofportB), learned);
        Assert.Contains((ofportB, macA, ofportA), learned);
        Assert.True(controller.PacketIns > 0 && controller.FlowMods > 0 && controller.PacketOuts > 0);
    }

    [GeneratedRegex(@"priority=1,in_port=""?(\w+)""?,dl_dst=([0-9a-f:]+) actions=output:""?(\w+)""?")]
    private static partial Regex LearnedFlow();
}
