using System.Text.Json;
using FedNet.Lab.Internal;

namespace FedNet.Lab;

/// <summary>
/// What a running lab consists of, written as JSON to <c>&lt;lab directory&gt;/state.json</c> by <c>lab up</c> and read
/// by the controller to find every switch (contract: "Switches and interfaces the lab provides").
/// </summary>
public sealed record LabState(
    string Id,
    string Topology,
    string Directory,
    DateTimeOffset Created,
    IReadOnlyList<LabNodeState> Nodes,
    IReadOnlyList<LabSegmentState> Segments,
    IReadOnlyList<LabTransitState> Transits,
    IReadOnlyList<LabVmState> Vms,
    IReadOnlyList<LabProcessState> Processes)
{
    /// <summary>The state file's name inside the lab directory.</summary>
    public const string FileName = "state.json";

    /// <summary>The node (host or gateway) called <paramref name="name"/>, or null.</summary>
    public LabNodeState? Node(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>The VM called <paramref name="name"/>, or null.</summary>
    public LabVmState? Vm(string name) => Vms.FirstOrDefault(v => v.Name == name);

    /// <summary>Reads a state file; a malformed one is a <see cref="LabException"/> naming the file and line.</summary>
    public static LabState Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LabJsonContext.Default.LabState)
                ?? throw new LabException($"{path}: empty lab state");
        }
        catch (JsonException e)
        {
            throw new LabException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: malformed lab state: {e.Message}", e);
        }
    }

    /// <summary>Writes the state file atomically (temporary file, then rename).</summary>
    public void Write(string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, LabJsonContext.Default.LabState));
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>
/// A host or gateway: its namespace and its Open vSwitch. The bridge management socket of bridge B is
/// <c>&lt;OvsRundir&gt;/B.mgmt</c>.
/// </summary>
public sealed record LabNodeState(
    string Name,
    LabNodeKind Kind,
    string Site,
    string Segment,
    string Namespace,
    string OvsdbSocket,
    string OvsRundir,
    string VswitchdControl,
    string? Underlay,
    IReadOnlyList<string> Interfaces)
{
    /// <summary>The OVSDB remote, <c>unix:&lt;socket&gt;</c>.</summary>
    public string OvsdbTarget => "unix:" + OvsdbSocket;

    /// <summary>The passive OpenFlow management target of a bridge on this node.</summary>
    public string ManagementTarget(string bridge) => "unix:" + Path.Combine(OvsRundir, bridge + ".mgmt");
}

/// <summary>A site segment: a Linux bridge in the lab's segment namespace, with one port per node.</summary>
public sealed record LabSegmentState(string Name, string Site, string Namespace, string Bridge, IReadOnlyList<string> Members);

/// <summary>
/// A transit as built: for a VPLS, the namespace and OVS of the lab-owned bridge that filters the public VLANs; for
/// a tunnel, the router namespace of the L3 WAN.
/// </summary>
public sealed record LabTransitState(
    int Index,
    string Name,
    LabTransitKind Kind,
    string SiteA,
    string SiteB,
    IReadOnlyList<int> PublicVlans,
    LabWan Wan,
    string Namespace,
    string? Bridge,
    string? OvsdbSocket);

/// <summary>A VM endpoint: its namespace with <c>eth0</c>, and the unattached peer in its host's namespace.</summary>
public sealed record LabVmState(string Name, string Host, string Namespace, string Mac, string Address, string HostInterface);

/// <summary>A process the lab started and will end by PID.</summary>
public sealed record LabProcessState(int Pid, string Role, string Namespace, string PidFile);
