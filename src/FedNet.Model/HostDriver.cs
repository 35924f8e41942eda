namespace FedNet.Model;

/// <summary>How FedNet programs a host's switch (DESIGN.md, mechanism 2).</summary>
public enum HostDriver
{
    /// <summary><c>ovs</c>: the paper's VLAN approach, one integration bridge with proactive OpenFlow flows.</summary>
    Ovs,

    /// <summary><c>bridge-per-network</c>: the paper's vSwitches approach, one learning bridge per network.</summary>
    BridgePerNetwork,
}
