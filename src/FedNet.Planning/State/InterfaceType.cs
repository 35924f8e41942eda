namespace FedNet.Planning.State;

/// <summary>OVSDB Interface type.</summary>
public enum InterfaceType
{
    /// <summary>An existing kernel device (seg0, tr&lt;i&gt;, vf......): type "".</summary>
    System,
    /// <summary>type internal.</summary>
    Internal,
    /// <summary>type patch (options:peer).</summary>
    Patch,
    /// <summary>type gre (options remote_ip, local_ip, key).</summary>
    Gre,
    /// <summary>type vxlan (options remote_ip, local_ip, key).</summary>
    Vxlan,
}

/// <summary>OVSDB Port vlan_mode.</summary>
public enum PortVlanMode
{
    /// <summary>Untagged, in the port's tag.</summary>
    Access,
    /// <summary>Tagged frames of the trunks (all VLANs when trunks is empty).</summary>
    Trunk,
}
