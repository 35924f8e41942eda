namespace FedNet.Ovsdb.Ensure;

/// <summary>
/// What one switch's OVSDB should hold for one owner: its bridges with their ports, interfaces and QoS. Records compare
/// by content. Rows are matched by name (bridges, ports, interfaces); controllers, QoS and queues by content.
/// </summary>
public sealed record OvsdbDesiredState(EquatableArray<DesiredBridge> Bridges)
{
    public static OvsdbDesiredState Empty { get; } = new([]);
}

/// <summary>A bridge. Defaults are FedNet's integration bridge: netdev datapath, fail_mode secure, OpenFlow 1.3 only.</summary>
public sealed record DesiredBridge(string Name)
{
    public string DatapathType { get; init; } = "netdev";

    /// <summary>secure or standalone; null leaves OVS's default (standalone).</summary>
    public string? FailMode { get; init; } = "secure";
    public EquatableArray<string> Protocols { get; init; } = ["OpenFlow13"];
    public EquatableArray<DesiredController> Controllers { get; init; }

    /// <summary>16 hex digits, written as other_config:datapath-id.</summary>
    public string? DatapathId { get; init; }
    public ValueMap OtherConfig { get; init; }
    public ValueMap ExternalIds { get; init; }
    public EquatableArray<DesiredPort> Ports { get; init; }
}

/// <summary>A controller target (for example <c>unix:/run/fednet.sock</c> or <c>tcp:127.0.0.1:6653</c>).</summary>
public sealed record DesiredController(string Target)
{
    /// <summary>Longest reconnect backoff in ms (OVS default 8000; at least 1000).</summary>
    public long? MaxBackoff { get; init; }

    /// <summary>Inactivity probe in ms; 0 disables it.</summary>
    public long? InactivityProbe { get; init; }
}

/// <summary>A port with its interfaces (one for everything but bonds) and its VLAN and QoS settings.</summary>
public sealed record DesiredPort(string Name)
{
    public EquatableArray<DesiredInterface> Interfaces { get; init; }

    /// <summary>Access VLAN (0-4095), or null.</summary>
    public long? Tag { get; init; }
    public EquatableArray<long> Trunks { get; init; }

    /// <summary>trunk, access, native-tagged, native-untagged, dot1q-tunnel; null for OVS's default.</summary>
    public string? VlanMode { get; init; }
    public DesiredQos? Qos { get; init; }
    public ValueMap OtherConfig { get; init; }
    public ValueMap ExternalIds { get; init; }

    /// <summary>An OVS internal port (a device the host can address).</summary>
    public static DesiredPort Internal(string name) => WithInterface(name, new DesiredInterface(name) { Type = "internal" });

    /// <summary>An existing system device such as a veth or tap.</summary>
    public static DesiredPort System(string name) => WithInterface(name, new DesiredInterface(name));

    /// <summary>One end of a patch pair; <paramref name="peer"/> is the other end's interface name.</summary>
    public static DesiredPort Patch(string name, string peer) =>
        WithInterface(name, new DesiredInterface(name) { Type = "patch", Options = ValueMap.Of(("peer", peer)) });

    /// <summary>A GRE tunnel port. <paramref name="key"/> is a number or <c>flow</c> (set per packet by OpenFlow).</summary>
    public static DesiredPort Gre(string name, string remoteIp, string? localIp = null, string? key = null) =>
        WithInterface(name, new DesiredInterface(name) { Type = "gre", Options = TunnelOptions(remoteIp, localIp, key) });

    /// <summary>A VXLAN tunnel port. <paramref name="key"/> (the VNI) is a number or <c>flow</c>.</summary>
    public static DesiredPort Vxlan(string name, string remoteIp, string? localIp = null, string? key = null) =>
        WithInterface(name, new DesiredInterface(name) { Type = "vxlan", Options = TunnelOptions(remoteIp, localIp, key) });

    private static DesiredPort WithInterface(string name, DesiredInterface i) => new(name) { Interfaces = [i] };

    private static ValueMap TunnelOptions(string remoteIp, string? localIp, string? key)
    {
        var o = ValueMap.Of(("remote_ip", remoteIp));
        if (localIp is not null)
            o = o.With("local_ip", localIp);
        if (key is not null)
            o = o.With("key", key);
        return o;
    }
}

/// <summary>An interface: its type ("" for a system device), options and policing.</summary>
public sealed record DesiredInterface(string Name)
{
    public string Type { get; init; } = "";
    public ValueMap Options { get; init; }
    public long? OfPortRequest { get; init; }

    /// <summary>Ingress policing rate in kbps (0 disables).</summary>
    public long IngressPolicingRate { get; init; }

    /// <summary>Ingress policing burst in kb.</summary>
    public long IngressPolicingBurst { get; init; }
    public ValueMap OtherConfig { get; init; }
    public ValueMap ExternalIds { get; init; }
}

/// <summary>
/// A QoS row: <c>egress-policer</c> (userspace datapath; other_config cir/cbs in bytes) or <c>linux-htb</c> with
/// queues (kernel datapath; other_config max-rate, queues' min-rate/max-rate).
/// </summary>
public sealed record DesiredQos(string Type)
{
    public ValueMap OtherConfig { get; init; }
    public IReadOnlyDictionary<long, DesiredQueue> Queues { get; init; } = new Dictionary<long, DesiredQueue>();

    public bool Equals(DesiredQos? other) =>
        other is not null && Type == other.Type && OtherConfig == other.OtherConfig && Queues.Count == other.Queues.Count
        && Queues.All(q => other.Queues.TryGetValue(q.Key, out var o) && o == q.Value);

    public override int GetHashCode() => HashCode.Combine(Type, OtherConfig, Queues.Count);

    /// <summary>An egress policer: <paramref name="cirBytesPerSecond"/> and <paramref name="cbsBytes"/>.</summary>
    public static DesiredQos EgressPolicer(long cirBytesPerSecond, long cbsBytes) => new("egress-policer")
    {
        OtherConfig = ValueMap.Of(("cir", cirBytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("cbs", cbsBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };
}

/// <summary>A queue of a QoS row.</summary>
public sealed record DesiredQueue
{
    public ValueMap OtherConfig { get; init; }
    public long? Dscp { get; init; }
}
