namespace FedNet.Ovsdb.Replica;

/// <summary>A QoS row.</summary>
public sealed class QosRow(OvsdbRow row) : TypedRow(row)
{
    /// <summary>egress-policer (userspace), linux-htb, linux-hfsc...</summary>
    public string Type => Str("type");

    /// <summary>queue number to Queue row.</summary>
    public IReadOnlyDictionary<long, Guid> Queues =>
        Row["queues"].Keys.Select((k, i) => (K: (long)k, V: (Guid)Row["queues"].Values![i])).ToDictionary(p => p.K, p => p.V);
}
