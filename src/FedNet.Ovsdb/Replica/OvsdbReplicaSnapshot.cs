using System.Collections.Immutable;

namespace FedNet.Ovsdb.Replica;

/// <summary>An immutable view of the replica at one <see cref="Version"/>; cheap to take, safe to read from any thread.</summary>
public sealed class OvsdbReplicaSnapshot
{
    internal OvsdbReplicaSnapshot(ImmutableDictionary<string, ImmutableDictionary<Guid, OvsdbRow>> tables, long version)
    {
        Tables = tables;
        Version = version;
    }

    /// <summary>Every monitored table, by name, rows by uuid.</summary>
    public ImmutableDictionary<string, ImmutableDictionary<Guid, OvsdbRow>> Tables { get; }

    /// <summary>Bumped by every applied update.</summary>
    public long Version { get; }

    /// <summary>The rows of <paramref name="table"/> (empty when it is not monitored).</summary>
    public ImmutableDictionary<Guid, OvsdbRow> Table(string table) =>
        Tables.TryGetValue(table, out var t) ? t : ImmutableDictionary<Guid, OvsdbRow>.Empty;

    /// <summary>The row, or null.</summary>
    public OvsdbRow? Row(string table, Guid uuid) => Table(table).TryGetValue(uuid, out var r) ? r : null;

    public OpenVswitchRow? OpenVswitch => Table("Open_vSwitch").Values.Select(r => new OpenVswitchRow(r)).FirstOrDefault();
    public IEnumerable<BridgeRow> Bridges => Table("Bridge").Values.Select(r => new BridgeRow(r));
    public IEnumerable<PortRow> Ports => Table("Port").Values.Select(r => new PortRow(r));
    public IEnumerable<InterfaceRow> Interfaces => Table("Interface").Values.Select(r => new InterfaceRow(r));
    public IEnumerable<ControllerRow> Controllers => Table("Controller").Values.Select(r => new ControllerRow(r));
    public IEnumerable<ManagerRow> Managers => Table("Manager").Values.Select(r => new ManagerRow(r));
    public IEnumerable<QosRow> Qos => Table("QoS").Values.Select(r => new QosRow(r));
    public IEnumerable<QueueRow> Queues => Table("Queue").Values.Select(r => new QueueRow(r));
    public IEnumerable<MirrorRow> Mirrors => Table("Mirror").Values.Select(r => new MirrorRow(r));
    public IEnumerable<FlowTableRow> FlowTables => Table("Flow_Table").Values.Select(r => new FlowTableRow(r));

    public BridgeRow? Bridge(Guid uuid) => Row("Bridge", uuid) is { } r ? new BridgeRow(r) : null;
    public PortRow? Port(Guid uuid) => Row("Port", uuid) is { } r ? new PortRow(r) : null;
    public InterfaceRow? Interface(Guid uuid) => Row("Interface", uuid) is { } r ? new InterfaceRow(r) : null;
    public ControllerRow? Controller(Guid uuid) => Row("Controller", uuid) is { } r ? new ControllerRow(r) : null;
    public QosRow? QosRow(Guid uuid) => Row("QoS", uuid) is { } r ? new QosRow(r) : null;
    public QueueRow? Queue(Guid uuid) => Row("Queue", uuid) is { } r ? new QueueRow(r) : null;

    /// <summary>The bridge named <paramref name="name"/>, or null.</summary>
    public BridgeRow? BridgeNamed(string name) => Bridges.FirstOrDefault(b => b.Name == name);
}
