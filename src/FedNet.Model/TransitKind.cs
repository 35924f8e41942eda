namespace FedNet.Model;

/// <summary>What a transit between two gateways carries.</summary>
public enum TransitKind
{
    /// <summary><c>vpls</c>: layer 2; only the listed public VLANs pass.</summary>
    Vpls,

    /// <summary><c>tunnel</c>: layer 3 only; networks cross in GRE or VXLAN between the gateways' underlay addresses.</summary>
    Tunnel,
}
