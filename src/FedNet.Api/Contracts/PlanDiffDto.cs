namespace FedNet.Api.Contracts;

/// <summary>What a change does: networks and VMs added, removed or changed, and per switch the flows and rows that change.</summary>
/// <param name="Networks">Networks, named <c>tenant/service/network</c>.</param>
/// <param name="Vms">VMs, named <c>tenant/service/vm</c>.</param>
/// <param name="Switches">Every switch whose desired state changes, in switch order.</param>
public sealed record PlanDiffDto(ResourceDiffDto Networks, ResourceDiffDto Vms, IReadOnlyList<SwitchDiffDto> Switches)
{
    /// <summary>No change at all.</summary>
    public static PlanDiffDto Empty { get; } = new(ResourceDiffDto.Empty, ResourceDiffDto.Empty, []);
}

/// <summary>Names added, removed and changed (each sorted).</summary>
public sealed record ResourceDiffDto(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)
{
    /// <summary>Nothing added, removed or changed.</summary>
    public static ResourceDiffDto Empty { get; } = new([], [], []);
}

/// <summary>How one switch's desired state changes.</summary>
/// <param name="Switch"><c>node/bridge</c>.</param>
/// <param name="FlowsAdded">Flows in the new state that the old one lacks (new or with other actions).</param>
/// <param name="FlowsRemoved">Flows of the old state that the new one lacks.</param>
/// <param name="RowsChanged">OVSDB rows (bridge, ports, meters) added, removed or changed.</param>
public sealed record SwitchDiffDto(string Switch, int FlowsAdded, int FlowsRemoved, int RowsChanged);
