namespace FedNet.Evaluation.Throughput;

/// <summary>One of figure 4's three setups: what forwards the VMs' frames.</summary>
/// <param name="Id">Stable id used in the JSON data (<c>baseline</c>, <c>vswitches</c>, <c>vlan</c>).</param>
/// <param name="Label">Human label for tables and plots (the paper's names).</param>
/// <param name="LabTag">The lab tag (at most 5 characters, see <see cref="ExperimentContext.Lab"/>).</param>
/// <param name="Federation">The federation file under examples/ (the baseline uses the VLAN one's lab, without FedNet).</param>
public sealed record ThroughputSetup(string Id, string Label, string LabTag, string Federation)
{
    /// <summary>The kernel baseline: Linux bridges, VXLAN across L3, no FedNet or OVS in the sites.</summary>
    public static ThroughputSetup Baseline { get; } = new("baseline", "Baseline (Linux bridges)", "base", "federation-paper.yaml");

    /// <summary>The paper's vSwitches approach: the <c>bridge-per-network</c> driver.</summary>
    public static ThroughputSetup VSwitches { get; } =
        new("vswitches", "vSwitches (bridge-per-network)", "bpn", "federation-paper-vswitches.yaml");

    /// <summary>The paper's VLAN approach: the <c>ovs</c> driver.</summary>
    public static ThroughputSetup Vlan { get; } = new("vlan", "VLAN (ovs)", "ovs", "federation-paper.yaml");

    /// <summary>The three, baseline first (the order of the table and the plot).</summary>
    public static IReadOnlyList<ThroughputSetup> All { get; } = [Baseline, VSwitches, Vlan];
}
