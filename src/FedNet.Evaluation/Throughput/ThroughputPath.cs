using FedNet.Control;

namespace FedNet.Evaluation.Throughput;

/// <summary>
/// One of figure 4's paths: from the source VM (<c>src</c> on kuas-rack1 in <see cref="ThroughputService"/>) to
/// <see cref="Vm"/>, linked the way <see cref="Kind"/> says in both FedNet setups.
/// </summary>
/// <param name="Id">Stable id used in the JSON data (<c>same-host</c>, <c>lan</c>, <c>vpls</c>, <c>gre</c>).</param>
/// <param name="Label">Human label for tables and plots.</param>
/// <param name="Vm">The destination VM of <see cref="ThroughputService"/>.</param>
/// <param name="Kind">The planner's link kind the FedNet setups must have chosen for the pair.</param>
public sealed record ThroughputPath(string Id, string Label, string Vm, PathKind Kind)
{
    /// <summary>The source VM of every path.</summary>
    public const string SourceVm = "src";

    /// <summary>The four paths, in the order of the table and the plot.</summary>
    public static IReadOnlyList<ThroughputPath> All { get; } =
    [
        new("same-host", "Same host", "local", PathKind.Local),
        new("lan", "LAN (two hosts, one segment)", "lan", PathKind.Lan),
        new("vpls", "VPLS (kuas ↔ ncku, VLAN translation)", "vpls", PathKind.Vpls),
        new("gre", "GRE (kuas ↔ ntust)", "gre", PathKind.Gre),
    ];
}
