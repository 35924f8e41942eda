namespace FedNet.Model;

/// <summary>The encapsulation of a <see cref="TransitKind.Tunnel"/> transit.</summary>
public enum TunnelProtocol
{
    /// <summary><c>gre</c>: the key carries the network (32 bits).</summary>
    Gre,

    /// <summary><c>vxlan</c>: the VNI carries the network (24 bits).</summary>
    Vxlan,
}
