using FedNet.Planning.State;

namespace FedNet.Planning.Internal;

/// <summary>Builders for OVSDB rows with FedNet's ownership marks.</summary>
internal static class Rows
{
    public const string OwnerKey = "fednet-owner";
    public const string RefKey = "fednet-ref";
    public const string Owner = "fednet";

    /// <summary>The <see cref="RefKey"/> of a vif's port, "vif:" + the vif's key, built as one string (one per vif).</summary>
    public static string VifReference(VifKey key) =>
        string.Create(global::System.Globalization.CultureInfo.InvariantCulture, $"vif:{key.Vm.Tenant}/{key.Vm.Service}/{key.Vm.Vm}#{key.Index}");

    public static ValueMap<string, string> Owned(string reference) => ValueMap.Of((OwnerKey, Owner), (RefKey, reference));

    public static BridgeRow SecureBridge(string name, string reference) => new(
        name, "netdev", "secure", EquatableArray.Of("OpenFlow13"), ValueMap<string, string>.Empty, Owned(reference));

    public static BridgeRow LearningBridge(string name, string reference) => new(
        name, "netdev", "standalone", EquatableArray<string>.Empty, ValueMap<string, string>.Empty, Owned(reference));

    public static PortRow Trunk(string name, int ofport, string reference) => new(
        name, InterfaceType.System, ValueMap<string, string>.Empty, null, EquatableArray<int>.Empty, PortVlanMode.Trunk, ofport, 0, Owned(reference));

    public static PortRow System(string name, int? ofport, string reference, long policingKbps = 0) => new(
        name, InterfaceType.System, ValueMap<string, string>.Empty, null, EquatableArray<int>.Empty, null, ofport, policingKbps, Owned(reference));

    public static PortRow Patch(string name, string peer, int? tag, string reference, int? ofport = null) => new(
        name, InterfaceType.Patch, ValueMap.Of(("peer", peer)), tag, EquatableArray<int>.Empty, tag is null ? null : PortVlanMode.Access, ofport, 0,
        Owned(reference));

    public static PortRow Tunnel(string name, InterfaceType type, string remoteIp, string localIp, int ofport, string reference) => new(
        name, type, ValueMap.Of(("remote_ip", remoteIp), ("local_ip", localIp), ("key", "flow")), null, EquatableArray<int>.Empty, null, ofport, 0,
        Owned(reference));
}
