namespace FedNet.Model;

/// <summary>
/// A QoS policy: for a network across one transit (<see cref="Network"/> and <see cref="Transit"/>), for a whole
/// network (<see cref="Network"/> alone: what each of its VMs sends on it), or for the whole path between two VMs
/// (<see cref="Between"/>).
/// </summary>
/// <param name="Name">Unique in its service.</param>
/// <param name="Network">The network the policy applies to; null for a VM-pair policy.</param>
/// <param name="Between">The two VMs of a VM-pair policy; null for a network policy.</param>
/// <param name="Transit">The transit a network policy applies across; null for a whole-network or VM-pair policy.</param>
/// <param name="Rate">Rate limit in bits per second; null for none.</param>
/// <param name="Guaranteed">Guaranteed (minimum) rate in bits per second; null for none.</param>
/// <param name="Vlan">For a network policy over a VPLS transit, the public VLAN to carry it; null to let the planner choose.</param>
/// <param name="Location">Where the policy is described.</param>
public sealed record Policy(
    string Name,
    string? Network,
    ValueList<string>? Between,
    string? Transit,
    long? Rate,
    long? Guaranteed,
    int? Vlan = null,
    SourceLocation Location = default);
