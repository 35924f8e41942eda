using System.Buffers.Binary;
using System.Diagnostics;
using FedNet.Control.Internal;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Control;

public sealed partial class FedNetController
{
    /// <summary>
    /// Makes <paramref name="update"/>'s plan the one to enforce and reconciles only the nodes whose switches it changed
    /// (a node's OVSDB rows are ensured as a whole, so every switch of an affected node is checked; the others are not
    /// contacted).
    /// </summary>
    public async Task<ReconcileReport> ApplyUpdateAsync(PlanUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var plan = update.Plan;
        _arp = ArpTable.Build(plan);
        _plan = plan;
        _state = plan.State;
        var clock = Stopwatch.StartNew();
        var nodes = update.Delta.Upserted.Keys.Select(k => k.Node).Concat(update.Delta.Removed.Select(k => k.Node))
            .ToHashSet(StringComparer.Ordinal);
        var byNode = nodes.ToDictionary(n => n, n => plan.State.Switches.Values.Where(s => s.Id.Node == n).ToList(), StringComparer.Ordinal);
        var tasks = byNode.Select(p => ReconcileNodeAsync(p.Key, p.Value, cancellationToken)).ToList();
        var reports = (await Task.WhenAll(tasks).ConfigureAwait(false)).SelectMany(r => r).OrderBy(r => r.Switch).ToList();
        var report = new ReconcileReport(reports, clock.Elapsed);
        // A tunnel port just created drops packets until its underlay next hop resolves (see ApplyAsync).
        if (reports.Any(r => r.OvsdbWrites > 0 && plan.State.Switches.TryGetValue(r.Switch, out var s)
            && s.Ports.Values.Any(p => p.Type is InterfaceType.Gre or InterfaceType.Vxlan)))
            await Task.Delay(_options.TunnelWarmUp, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Migrates VMs as <paramref name="update"/> says (see <see cref="MigrationPlanner"/>): the compute driver moves each
    /// vif whose host changed (same MAC and IP), the affected switches are reconciled (old and new host ports, gateway
    /// MAC tables, ARP responders), then each moved VM announces itself with a gratuitous ARP, and the switches that now lead to it announce it on
    /// every segment of its network (the segments learn MACs; see <see cref="AnnounceOnSegmentsAsync"/>).
    /// </summary>
    public async Task<MigrationReport> MigrateAsync(PlanUpdate update, VmCoordinator coordinator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(coordinator);
        var previous = _plan ?? throw new InvalidOperationException("no plan yet: call ApplyAsync first");
        var clock = Stopwatch.StartNew();
        var moved = await coordinator.MoveAsync(previous, update.Plan, cancellationToken).ConfigureAwait(false);
        var moveTime = clock.Elapsed;
        var reconcile = await ApplyUpdateAsync(update, cancellationToken).ConfigureAwait(false);
        var reconcileTime = clock.Elapsed - moveTime;
        await coordinator.AnnounceAsync(moved, cancellationToken).ConfigureAwait(false);
        var announced = await AnnounceOnSegmentsAsync(moved, update.Plan, cancellationToken).ConfigureAwait(false);
        var report = new MigrationReport(moved, reconcile, moveTime, reconcileTime, clock.Elapsed) { SegmentAnnouncements = announced };
        MigrationLog.Migrated(_logger, report.ToString());
        return report;
    }

    /// <summary>
    /// After a move, the sites' segments are learning L2 switches that still send the VM's MAC toward its old port. For each
    /// moved vif and each site where its network has a private VLAN, the switch that now leads to the VM in that site (its
    /// new host at home, the gateway elsewhere) sends a gratuitous ARP from the VM's MAC, tagged with that VLAN, out of its
    /// segment trunk (packet-out), so the segment learns the new way. Returns how many were sent; failures are logged.
    /// </summary>
    private async Task<int> AnnounceOnSegmentsAsync(IReadOnlyList<VifPlacement> moved, NetworkPlan plan, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var vif in moved)
        {
            foreach (var (site, vlan) in plan.PrivateVlans(vif.Network))
            {
                var node = site == vif.Site ? vif.Host : plan.Federation.Sites.FirstOrDefault(s => s.Name == site)?.Gateway.Name;
                var bridge = site == vif.Site ? Ports.IntegrationBridge : Ports.GatewayBridge;
                if (node is null || !_endpoints.TryGetValue(node, out var endpoint))
                    continue;
                try
                {
                    await using var connection = await SwitchConnection.ConnectAsync(endpoint.ManagementTarget(bridge), cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                    await connection.SendAsync(new PacketOut
                    {
                        Xid = connection.NextXid(),
                        InPort = OfpPortNo.Controller,
                        Actions = [Actions.Output(Ports.SegmentOfport, 0)],
                        Data = TaggedGratuitousArp(vif.Mac, vif.Ip, vlan),
                    }, cancellationToken).ConfigureAwait(false);
                    await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
                    sent++;
                }
                catch (FedNetException e)
                {
                    MigrationLog.AnnounceFailed(_logger, $"{vif.Name} via {node}", e.Message, e);
                }
            }
        }
        return sent;
    }

    /// <summary>An 802.1Q-tagged gratuitous ARP (RFC 5227 §3) from <paramref name="mac"/> for <paramref name="ip"/>.</summary>
    internal static byte[] TaggedGratuitousArp(ulong mac, uint ip, int vlan)
    {
        var untagged = MigrationRawSocket.GratuitousArp(mac, ip);
        var frame = new byte[64];
        untagged.AsSpan(0, 12).CopyTo(frame);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x8100);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), (ushort)(vlan & 0xFFF));
        untagged.AsSpan(12, 48).CopyTo(frame.AsSpan(16));
        return frame;
    }
}
