namespace FedNet.Planning.State;

/// <summary>What a switch is for, which tells the controller how to drive it.</summary>
public enum SwitchRole
{
    /// <summary>An <c>ovs</c>-driver host's integration bridge br-int (proactive flows, fail_mode=secure).</summary>
    IntegrationBridge,
    /// <summary>
    /// A <c>bridge-per-network</c> host's trunk bridge br-seg (fail_mode=secure, OpenFlow13): seg0 and one patch per
    /// network, with flows that tag each network's patch with its private VLAN and admit nothing else.
    /// </summary>
    SegmentBridge,
    /// <summary>A <c>bridge-per-network</c> host's learning bridge bn&lt;vlan&gt; for one network.</summary>
    NetworkBridge,
    /// <summary>A gateway's br-gw (translation and ARP proxy flows, fail_mode=secure).</summary>
    Gateway,
}
