namespace FedNet.Model.Internal;

/// <summary>What validation learns about one network: its vifs, the sites they are in and the transits it crosses.</summary>
internal sealed class NetworkUse(Service service, Network network)
{
    public Service Service { get; } = service;

    public Network Network { get; } = network;

    public List<(Vm Vm, VmInterface Vif, string? Site)> Vifs { get; } = [];

    /// <summary>Sites with a vif of the network, in order of first appearance.</summary>
    public List<string> Sites { get; } = [];

    /// <summary>Transits on the shortest paths between every pair of <see cref="Sites"/>.</summary>
    public IReadOnlySet<Transit> Transits { get; set; } = new HashSet<Transit>();

    /// <summary>Fixed addresses taken so far, with the VM that took each.</summary>
    public Dictionary<uint, (string Vm, SourceLocation At)> Addresses { get; } = [];
}
