using System.Runtime.CompilerServices;

namespace FedNet.Planning;

/// <summary>A tenant's network: (tenant, service, network name).</summary>
public readonly record struct NetworkKey(string Tenant, string Service, string Network) : IComparable<NetworkKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(NetworkKey other) => KeyCompare.Ordinal(Tenant, other.Tenant, Service, other.Service, Network, other.Network);

    /// <inheritdoc/>
    public override string ToString() => $"{Tenant}/{Service}/{Network}";
}

/// <summary>A tenant's VM: (tenant, service, VM name).</summary>
public readonly record struct VmKey(string Tenant, string Service, string Vm) : IComparable<VmKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(VmKey other) => KeyCompare.Ordinal(Tenant, other.Tenant, Service, other.Service, Vm, other.Vm);

    /// <inheritdoc/>
    public override string ToString() => $"{Tenant}/{Service}/{Vm}";
}

/// <summary>A vif: the <paramref name="Index"/>-th interface (0-based, in description order) of a VM.</summary>
public readonly record struct VifKey(VmKey Vm, int Index) : IComparable<VifKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(VifKey other)
    {
        var c = Vm.CompareTo(other.Vm);
        return c != 0 ? c : Index.CompareTo(other.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Vm}#{Index}";
}

/// <summary>A network in one site (private VLANs are per network per site).</summary>
public readonly record struct SiteNetworkKey(NetworkKey Network, string Site) : IComparable<SiteNetworkKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(SiteNetworkKey other)
    {
        var c = Network.CompareTo(other.Network);
        return c != 0 ? c : string.CompareOrdinal(Site, other.Site);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Network}@{Site}";
}

/// <summary>A network on one transit (tunnel keys and public VLANs are per network per transit).</summary>
public readonly record struct TransitNetworkKey(NetworkKey Network, string Transit) : IComparable<TransitNetworkKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(TransitNetworkKey other)
    {
        var c = Network.CompareTo(other.Network);
        return c != 0 ? c : string.CompareOrdinal(Transit, other.Transit);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Network}~{Transit}";
}

/// <summary>A policy applied to one network (a VM-pair policy gets one meter per network the pair shares).</summary>
public readonly record struct PolicyKey(NetworkKey Network, string Policy) : IComparable<PolicyKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(PolicyKey other)
    {
        var c = Network.CompareTo(other.Network);
        return c != 0 ? c : string.CompareOrdinal(Policy, other.Policy);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Network}:{Policy}";
}

/// <summary>A vif's switch port: the host it is on and the ofport number there.</summary>
public readonly record struct VifPort(string Host, int Ofport)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Host}:{Ofport}";
}

internal static class KeyCompare
{
    /// <summary>
    /// (a1, a2, a3) against (b1, b2, b3), ordinally, field by field, stopping at the first difference: sorted maps of
    /// 100,000 keys compare them millions of times, and most comparisons are decided by the first field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Ordinal(string a1, string b1, string a2, string b2, string a3, string b3)
    {
        var c = string.CompareOrdinal(a1, b1);
        if (c != 0)
            return c;
        c = string.CompareOrdinal(a2, b2);
        return c != 0 ? c : string.CompareOrdinal(a3, b3);
    }
}

/// <summary>A tenant's service: (tenant, service name).</summary>
public readonly record struct ServiceKey(string Tenant, string Service) : IComparable<ServiceKey>
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // sorted maps of 100,000 keys compare them millions of times, from a cold start
    public int CompareTo(ServiceKey other)
    {
        var c = string.CompareOrdinal(Tenant, other.Tenant);
        return c != 0 ? c : string.CompareOrdinal(Service, other.Service);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Tenant}/{Service}";
}
