using FedNet.Ovsdb.Ensure;
using FedNet.Ovsdb.Replica;

namespace FedNet.Ovsdb.Internal;

/// <summary>
/// Ports an earlier plan found in sync, keyed by their (immutable) replica row: while the row, its interface, QoS and
/// queue rows are the same objects and the desired port is equal, the port is still in sync and is not compared again.
/// </summary>
internal sealed class EnsureMemo
{
    public System.Runtime.CompilerServices.ConditionalWeakTable<OvsdbRow, Entry> Ports { get; } = new();

    public sealed record Entry(DesiredPort Desired, string Owner, OvsdbRow?[] Children);
}

/// <summary>The operations an ensure needs, with guards, and what they change.</summary>
internal sealed record EnsurePlan(IReadOnlyList<OvsdbOperation> Operations, int Inserted, int Updated, int Deleted, int WriteOperations);

/// <summary>
/// Compares a desired state with a replica snapshot and produces one guarded transaction (pure: no I/O). Every update or
/// delete of an existing row is preceded by a <c>wait</c> (RFC 7047 5.2.6, timeout 0) that the row still holds what the
/// decision was based on, so a concurrent change makes the whole transaction fail instead of being overwritten.
/// </summary>
internal sealed class EnsurePlanner
{
    public const string OwnerKey = "fednet-owner";

    private static readonly string[] BridgeColumns = ["name", "datapath_type", "fail_mode", "protocols", "other_config", "external_ids", "controller"];
    private static readonly string[] PortColumns = ["name", "tag", "trunks", "vlan_mode", "other_config", "external_ids", "interfaces", "qos"];
    private static readonly string[] InterfaceColumns = ["name", "type", "options", "ofport_request", "ingress_policing_rate", "ingress_policing_burst", "other_config", "external_ids"];
    private static readonly string[] ControllerColumns = ["target", "max_backoff", "inactivity_probe", "external_ids"];
    private static readonly string[] QosColumns = ["type", "other_config", "external_ids"];
    private static readonly string[] QueueColumns = ["other_config", "dscp", "external_ids"];
    private static readonly string[] OwnerColumns = ["external_ids"];

    private readonly OvsdbReplicaSnapshot _snapshot;
    private readonly string _owner;
    private readonly List<OvsdbOperation> _guards = [];
    private readonly List<OvsdbOperation> _writes = [];
    private readonly HashSet<Guid> _guarded = [];
    private int _inserted;
    private int _updated;
    private int _deleted;
    private int _names;

    private readonly EnsureMemo? _memo;

    private EnsurePlanner(OvsdbReplicaSnapshot snapshot, string owner, EnsureMemo? memo)
    {
        _snapshot = snapshot;
        _owner = owner;
        _memo = memo;
        _interfaces = snapshot.Table("Interface");
        _ports = snapshot.Table("Port");
    }

    private readonly System.Collections.Immutable.ImmutableDictionary<Guid, OvsdbRow> _interfaces;
    private readonly System.Collections.Immutable.ImmutableDictionary<Guid, OvsdbRow> _ports;

    public static EnsurePlan Plan(OvsdbReplicaSnapshot snapshot, OvsdbDesiredState desired, string owner, EnsureMemo? memo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var p = new EnsurePlanner(snapshot, owner, memo);
        p.PlanBridges(desired);
        if (p._writes.Count == 0)
            return new EnsurePlan([], 0, 0, 0, 0);
        var ops = new List<OvsdbOperation>(p._guards.Count + p._writes.Count + 1);
        ops.AddRange(p._guards);
        ops.AddRange(p._writes);
        ops.Add(OvsdbOperation.Comment($"fednet ensure by {owner}"));
        return new EnsurePlan(ops, p._inserted, p._updated, p._deleted, p._writes.Count);
    }

    private bool Owned(OvsdbRow row) => row["external_ids"].Lookup(OwnerKey) is string o && o == _owner;

    // Most rows carry only the owner tag: build that datum once per plan.
    private OvsdbDatum Ids(ValueMap extra) =>
        extra.Count == 0 ? _ownerOnly ??= OvsdbDatum.Map((OwnerKey, _owner)) : extra.With(OwnerKey, _owner).ToDatum();

    private OvsdbDatum? _ownerOnly;

    private NamedUuid NewName() => new("fednet_row" + (++_names));

    private void PlanBridges(OvsdbDesiredState desired)
    {
        var root = _snapshot.Table("Open_vSwitch").Values.FirstOrDefault()
            ?? throw new OvsdbException(OvsdbException.NotOwned, "the database has no Open_vSwitch row (run ovs-vsctl init)");
        var byName = new Dictionary<string, OvsdbRow>(StringComparer.Ordinal);
        foreach (var b in _snapshot.Table("Bridge").Values)
            byName[b["name"].AsString() ?? ""] = b;
        var desiredNames = new HashSet<string>(StringComparer.Ordinal);
        var portOwners = new Lazy<Dictionary<string, OvsdbRow>>(PortsByName);
        foreach (var b in desired.Bridges)
        {
            if (!desiredNames.Add(b.Name))
                throw new ArgumentException($"bridge {b.Name} is desired twice");
            if (byName.TryGetValue(b.Name, out var existing))
            {
                if (!Owned(existing))
                    throw new OvsdbException(OvsdbException.NotOwned, $"Bridge {b.Name} exists but is not owned by {_owner}");
                PlanExistingBridge(existing, b, portOwners);
            }
            else
            {
                var name = InsertBridge(b, portOwners);
                _writes.Add(OvsdbOperation.Mutate("Open_vSwitch", [OvsdbCondition.Uuid(root.Uuid)],
                    [OvsdbMutation.Insert("bridges", OvsdbDatum.Set(name))]));
                _updated++;
            }
        }
        foreach (var (name, row) in byName)
        {
            if (desiredNames.Contains(name) || !Owned(row))
                continue;
            _writes.Add(OvsdbOperation.Mutate("Open_vSwitch", [OvsdbCondition.Uuid(root.Uuid)],
                [OvsdbMutation.Delete("bridges", OvsdbDatum.Set(row.Uuid))]));
            _updated++;
            DeleteBridge(row);
        }
    }

    private Dictionary<string, OvsdbRow> PortsByName()
    {
        var d = new Dictionary<string, OvsdbRow>(StringComparer.Ordinal);
        foreach (var p in _snapshot.Table("Port").Values)
            d[p["name"].AsString() ?? ""] = p;
        return d;
    }

    private Dictionary<string, OvsdbDatum> BridgeRow(DesiredBridge b)
    {
        var other = b.OtherConfig;
        if (b.DatapathId is not null)
            other = other.With("datapath-id", b.DatapathId);
        return new(StringComparer.Ordinal)
        {
            ["name"] = OvsdbDatum.Of(b.Name),
            ["datapath_type"] = OvsdbDatum.Of(b.DatapathType),
            ["fail_mode"] = OvsdbDatum.Optional(b.FailMode),
            ["protocols"] = OvsdbDatum.Set(b.Protocols.Cast<object>()),
            ["other_config"] = other.ToDatum(),
            ["external_ids"] = Ids(b.ExternalIds),
        };
    }

    private Dictionary<string, OvsdbDatum> ControllerRow(DesiredController c) => new(StringComparer.Ordinal)
    {
        ["target"] = OvsdbDatum.Of(c.Target),
        ["max_backoff"] = OvsdbDatum.Optional(c.MaxBackoff),
        ["inactivity_probe"] = OvsdbDatum.Optional(c.InactivityProbe),
        ["external_ids"] = Ids(ValueMap.Empty),
    };

    private Dictionary<string, OvsdbDatum> PortRow(DesiredPort p) => new(StringComparer.Ordinal)
    {
        ["name"] = OvsdbDatum.Of(p.Name),
        ["tag"] = OvsdbDatum.Optional(p.Tag),
        ["trunks"] = p.Trunks.Count == 0 ? OvsdbDatum.Empty : OvsdbDatum.Set(p.Trunks.Cast<object>()),
        ["vlan_mode"] = OvsdbDatum.Optional(p.VlanMode),
        ["other_config"] = p.OtherConfig.ToDatum(),
        ["external_ids"] = Ids(p.ExternalIds),
    };

    private Dictionary<string, OvsdbDatum> InterfaceRow(DesiredInterface i) => new(StringComparer.Ordinal)
    {
        ["name"] = OvsdbDatum.Of(i.Name),
        ["type"] = OvsdbDatum.Of(i.Type),
        ["options"] = i.Options.ToDatum(),
        ["ofport_request"] = OvsdbDatum.Optional(i.OfPortRequest),
        ["ingress_policing_rate"] = OvsdbDatum.Of(i.IngressPolicingRate),
        ["ingress_policing_burst"] = OvsdbDatum.Of(i.IngressPolicingBurst),
        ["other_config"] = i.OtherConfig.ToDatum(),
        ["external_ids"] = Ids(i.ExternalIds),
    };

    private Dictionary<string, OvsdbDatum> QueueRow(DesiredQueue q) => new(StringComparer.Ordinal)
    {
        ["other_config"] = q.OtherConfig.ToDatum(),
        ["dscp"] = OvsdbDatum.Optional(q.Dscp),
        ["external_ids"] = Ids(ValueMap.Empty),
    };

    private NamedUuid Insert(string table, Dictionary<string, OvsdbDatum> row)
    {
        var name = NewName();
        _writes.Add(OvsdbOperation.Insert(table, row, name.Name));
        _inserted++;
        return name;
    }

    private NamedUuid InsertBridge(DesiredBridge b, Lazy<Dictionary<string, OvsdbRow>> portOwners)
    {
        var row = BridgeRow(b);
        row["controller"] = OvsdbDatum.Set(b.Controllers.Select(c => (object)Insert("Controller", ControllerRow(c))));
        var ports = new List<object>();
        foreach (var p in b.Ports)
        {
            CheckPortName(p.Name, portOwners);
            ports.Add(InsertPort(p));
        }
        row["ports"] = OvsdbDatum.Set(ports);
        return Insert("Bridge", row);
    }

    private void CheckPortName(string name, Lazy<Dictionary<string, OvsdbRow>> portOwners)
    {
        if (portOwners.Value.TryGetValue(name, out var other) && !Owned(other))
            throw new OvsdbException(OvsdbException.NotOwned, $"Port {name} exists but is not owned by {_owner}");
    }

    private NamedUuid InsertPort(DesiredPort p)
    {
        var row = PortRow(p);
        row["interfaces"] = OvsdbDatum.Set(p.Interfaces.Select(i => (object)Insert("Interface", InterfaceRow(i))));
        row["qos"] = p.Qos is null ? OvsdbDatum.Empty : OvsdbDatum.Atom(InsertQos(p.Qos));
        return Insert("Port", row);
    }

    private NamedUuid InsertQos(DesiredQos q)
    {
        var queues = q.Queues.Select(kv => new KeyValuePair<object, object>(kv.Key, Insert("Queue", QueueRow(kv.Value))));
        return Insert("QoS", new(StringComparer.Ordinal)
        {
            ["type"] = OvsdbDatum.Of(q.Type),
            ["other_config"] = q.OtherConfig.ToDatum(),
            ["external_ids"] = Ids(ValueMap.Empty),
            ["queues"] = q.Queues.Count == 0 ? OvsdbDatum.EmptyMap : OvsdbDatum.Map(queues),
        });
    }

    /// <summary>Adds a wait that <paramref name="row"/> still holds its current values in <paramref name="columns"/>.</summary>
    private void Guard(string table, OvsdbRow row, string[] columns)
    {
        if (!_guarded.Add(row.Uuid))
            return;
        var current = columns.ToDictionary(c => c, c => row[c], StringComparer.Ordinal);
        _guards.Add(OvsdbOperation.Wait(table, [OvsdbCondition.Uuid(row.Uuid)], columns, [current]));
    }

    private void UpdateIfChanged(string table, OvsdbRow existing, Dictionary<string, OvsdbDatum> desired, string[] guardColumns)
    {
        Dictionary<string, OvsdbDatum>? changed = null;
        foreach (var (column, value) in desired)
            if (!existing[column].Equals(value))
                (changed ??= new(StringComparer.Ordinal))[column] = value;
        if (changed is null)
            return;
        Guard(table, existing, guardColumns);
        _writes.Add(OvsdbOperation.Update(table, [OvsdbCondition.Uuid(existing.Uuid)], changed));
        _updated++;
    }

    private void Delete(string table, OvsdbRow row)
    {
        Guard(table, row, OwnerColumns);
        _writes.Add(OvsdbOperation.Delete(table, [OvsdbCondition.Uuid(row.Uuid)]));
        _deleted++;
    }

    private void PlanExistingBridge(OvsdbRow existing, DesiredBridge b, Lazy<Dictionary<string, OvsdbRow>> portOwners)
    {
        var row = BridgeRow(b);
        // Controllers are matched by content: any difference replaces the whole set.
        var current = existing["controller"].AsUuids().Select(u => _snapshot.Row("Controller", u)).ToList();
        var same = current.Count == b.Controllers.Count && current.All(c => c is not null)
            && b.Controllers.Select(ControllerRow).All(d => current.Any(c => Matches(c!, d)))
            && current.All(c => b.Controllers.Select(ControllerRow).Any(d => Matches(c!, d)));
        if (!same)
        {
            row["controller"] = OvsdbDatum.Set(b.Controllers.Select(c => (object)Insert("Controller", ControllerRow(c))));
            foreach (var c in current)
                if (c is not null && Owned(c))
                    Delete("Controller", c);
        }
        UpdateIfChanged("Bridge", existing, row, BridgeColumns);

        var ports = new Dictionary<string, OvsdbRow>(StringComparer.Ordinal);
        foreach (var u in existing["ports"].Keys)
            if (_ports.TryGetValue((Guid)u, out var port))
                ports[port["name"].AsString() ?? ""] = port;
        var desiredPorts = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<object>();
        var removed = new List<object>();
        foreach (var p in b.Ports)
        {
            if (!desiredPorts.Add(p.Name))
                throw new ArgumentException($"port {p.Name} is desired twice on bridge {b.Name}");
            if (ports.TryGetValue(p.Name, out var port))
            {
                if (!Owned(port))
                    throw new OvsdbException(OvsdbException.NotOwned, $"Port {p.Name} on bridge {b.Name} exists but is not owned by {_owner}");
                PlanExistingPort(port, p);
            }
            else
            {
                CheckPortName(p.Name, portOwners);
                added.Add(InsertPort(p));
            }
        }
        foreach (var (name, port) in ports)
            if (!desiredPorts.Contains(name) && Owned(port))
            {
                removed.Add(port.Uuid);
                DeletePort(port);
            }
        if (added.Count > 0 || removed.Count > 0)
        {
            var mutations = new List<OvsdbMutation>();
            if (removed.Count > 0)
                mutations.Add(OvsdbMutation.Delete("ports", OvsdbDatum.Set(removed)));
            if (added.Count > 0)
                mutations.Add(OvsdbMutation.Insert("ports", OvsdbDatum.Set(added)));
            Guard("Bridge", existing, OwnerColumns);
            _writes.Add(OvsdbOperation.Mutate("Bridge", [OvsdbCondition.Uuid(existing.Uuid)], mutations));
            _updated++;
        }
    }

    private static bool Matches(OvsdbRow row, Dictionary<string, OvsdbDatum> desired) =>
        desired.All(kv => row[kv.Key].Equals(kv.Value));

    private OvsdbRow?[] Children(OvsdbRow port)
    {
        var children = new List<OvsdbRow?>();
        foreach (var u in port["interfaces"].Keys)
            children.Add(_interfaces.TryGetValue((Guid)u, out var i) ? i : null);
        if (port["qos"].AsUuid() is { } q)
        {
            var qos = _snapshot.Row("QoS", q);
            children.Add(qos);
            if (qos is not null)
                foreach (var queue in qos["queues"].Values ?? [])
                    children.Add(_snapshot.Row("Queue", (Guid)queue));
        }
        return [.. children];
    }

    private bool StillInSync(OvsdbRow existing, DesiredPort p)
    {
        if (_memo is null || !_memo.Ports.TryGetValue(existing, out var e) || e.Owner != _owner
            || !(ReferenceEquals(e.Desired, p) || e.Desired.Equals(p)))
            return false;
        var now = Children(existing);
        if (now.Length != e.Children.Length)
            return false;
        for (var i = 0; i < now.Length; i++)
            if (!ReferenceEquals(now[i], e.Children[i]))
                return false;
        return true;
    }

    private void PlanExistingPort(OvsdbRow existing, DesiredPort p)
    {
        if (StillInSync(existing, p))
            return;
        var writes = _writes.Count;
        PlanExistingPortColumns(existing, p);
        if (_writes.Count == writes)
            _memo?.Ports.AddOrUpdate(existing, new EnsureMemo.Entry(p, _owner, Children(existing)));
    }

    private void PlanExistingPortColumns(OvsdbRow existing, DesiredPort p)
    {
        var row = PortRow(p);
        var interfaces = new Dictionary<string, OvsdbRow>(StringComparer.Ordinal);
        foreach (var u in existing["interfaces"].Keys)
            if (_interfaces.TryGetValue((Guid)u, out var iface))
                interfaces[iface["name"].AsString() ?? ""] = iface;
        var keep = new List<object>();
        var changedSet = false;
        foreach (var i in p.Interfaces)
        {
            if (interfaces.TryGetValue(i.Name, out var iface))
            {
                if (!Owned(iface))
                    throw new OvsdbException(OvsdbException.NotOwned, $"Interface {i.Name} exists but is not owned by {_owner}");
                UpdateIfChanged("Interface", iface, InterfaceRow(i), InterfaceColumns);
                keep.Add(iface.Uuid);
            }
            else
            {
                keep.Add(Insert("Interface", InterfaceRow(i)));
                changedSet = true;
            }
        }
        foreach (var (name, iface) in interfaces)
            if (!p.Interfaces.Any(i => i.Name == name))
            {
                changedSet = true;
                if (Owned(iface))
                    Delete("Interface", iface);
            }
        row["interfaces"] = changedSet ? OvsdbDatum.Set(keep) : existing["interfaces"];

        var qosUuid = existing["qos"].AsUuid();
        var qos = qosUuid is { } q ? _snapshot.Row("QoS", q) : null;
        if (!QosMatches(qos, p.Qos))
        {
            row["qos"] = p.Qos is null ? OvsdbDatum.Empty : OvsdbDatum.Atom(InsertQos(p.Qos));
            if (qos is not null && Owned(qos))
                DeleteQos(qos);
        }
        else
        {
            row["qos"] = existing["qos"];
        }
        UpdateIfChanged("Port", existing, row, PortColumns);
    }

    private bool QosMatches(OvsdbRow? existing, DesiredQos? desired)
    {
        if (existing is null || desired is null)
            return existing is null && desired is null;
        if (existing["type"].AsString() != desired.Type || !existing["other_config"].Equals(desired.OtherConfig.ToDatum())
            || !existing["external_ids"].Equals(Ids(ValueMap.Empty)))
            return false;
        var queues = existing["queues"];
        if (queues.Count != desired.Queues.Count)
            return false;
        for (var i = 0; i < queues.Count; i++)
        {
            if (!desired.Queues.TryGetValue((long)queues.Keys[i], out var dq))
                return false;
            var row = _snapshot.Row("Queue", (Guid)queues.Values![i]);
            if (row is null || !Matches(row, QueueRow(dq)))
                return false;
        }
        return true;
    }

    private void DeleteQos(OvsdbRow qos)
    {
        Delete("QoS", qos);
        var queues = qos["queues"];
        for (var i = 0; i < queues.Count; i++)
            if (_snapshot.Row("Queue", (Guid)queues.Values![i]) is { } q && Owned(q))
                Delete("Queue", q);
    }

    private void DeletePort(OvsdbRow port)
    {
        Delete("Port", port);
        foreach (var u in port["interfaces"].AsUuids())
            if (_snapshot.Row("Interface", u) is { } i && Owned(i))
                Delete("Interface", i);
        if (port["qos"].AsUuid() is { } q && _snapshot.Row("QoS", q) is { } qos && Owned(qos))
            DeleteQos(qos);
    }

    private void DeleteBridge(OvsdbRow bridge)
    {
        Delete("Bridge", bridge);
        foreach (var u in bridge["ports"].AsUuids())
            if (_snapshot.Row("Port", u) is { } p && Owned(p))
                DeletePort(p);
        foreach (var u in bridge["controller"].AsUuids())
            if (_snapshot.Row("Controller", u) is { } c && Owned(c))
                Delete("Controller", c);
    }
}
