using FedNet.Control.Internal;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using FedNet.Ovsdb;
using FedNet.Planning;
using FedNet.Planning.State;

namespace FedNet.Control;

public sealed partial class FedNetController
{
    /// <summary>OFPR_ACTION (spec 1.3.5 A.4.1): packet-ins from an output:CONTROLLER action.</summary>
    private const uint PacketInOnAction = 1u << (int)OfpPacketInReason.Action;

    /// <summary>One node's OVSDB connection and its bridges' OpenFlow connections, opened on first use and kept.</summary>
    private sealed class NodeSession(FedNetController owner, NodeEndpoint endpoint) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, SwitchConnection> _bridges = new(StringComparer.Ordinal);
        private readonly List<Task> _readers = [];
        private OvsdbVswitch? _db;

        /// <summary>Held for a whole reconcile of this node, so overlapping reconciles never send one diff twice.</summary>
        public SemaphoreSlim ReconcileGate { get; } = new(1, 1);

        public async Task<int> EnsureRowsAsync(IReadOnlyList<SwitchState> switches, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var db = _db;
                if (db is null || !db.Client.IsConnected)
                {
                    Interlocked.Exchange(ref _db, null);
                    if (db is not null)
                        await db.DisposeAsync().ConfigureAwait(false);
                    // The controller's retry loop reconnects (with its backoff, logged per node) and reconciles after.
                    var fresh = await OvsdbVswitch.ConnectAsync(endpoint.OvsdbTarget, new OvsdbClientOptions { Reconnect = false },
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    fresh.Client.Disconnected += (_, _) => OnDatabaseLost(fresh);
                    _db = db = fresh;
                }
                var result = await db.EnsureAsync(OvsdbTranslator.ToOvsdb(switches), OvsdbTranslator.Owner, cancellationToken)
                    .ConfigureAwait(false);
                if (!result.InSync)
                {
                    // Bridges, their management sockets and ofports exist once vswitchd has applied the change.
                    await db.WaitForVswitchdAsync(owner._options.VswitchdTimeout, cancellationToken).ConfigureAwait(false);
                }
                return result.WriteOperations;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task<SwitchReport> ReconcileFlowsAsync(SwitchState state, CancellationToken cancellationToken)
        {
            var id = state.Id;
            if (state.Role is SwitchRole.SegmentBridge or SwitchRole.NetworkBridge && state.FlowCount == 0 && state.Meters.Count == 0)
                return new SwitchReport(id, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);
            var connection = await ConnectAsync(state.Bridge.Name, id, cancellationToken).ConfigureAwait(false);

            var (meterMods, orphanMeters) = await PolicyMeters.EnsureAsync(connection, state, cancellationToken).ConfigureAwait(false);
            var actual = await connection.FlowStatsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            owner.CountArpResponderPackets(id, actual);
            var diff = FlowDiff.Compute(state.AllFlows, actual, owner._flowCache.Canonical);
            if (!diff.IsEmpty)
            {
                // Deletes first: a desired flow may take the identity of an orphan being removed.
                var messages = new List<OutgoingFlowMod>(diff.Delete.Count + diff.Add.Count + diff.Replace.Count);
                foreach (var d in diff.Delete)
                    messages.Add(new(FlowTranslator.ToDeleteStrict(d) with { Xid = connection.NextXid() }, d));
                foreach (var f in diff.Add.Concat(diff.Replace))
                    messages.Add(new(owner._flowCache.Mod(f) with { Xid = connection.NextXid() }, f));
                await SendFlowModsAsync(connection, id, messages, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref owner._flowMods, messages.Count);
            }
            meterMods += await PolicyMeters.DeleteAsync(connection, orphanMeters, cancellationToken).ConfigureAwait(false);
            await WarmTunnelsAsync(connection, state, cancellationToken).ConfigureAwait(false);
            return new SwitchReport(id, 0, diff.Add.Count, diff.Replace.Count, diff.Delete.Count, diff.InSync, diff.Foreign, meterMods, TimeSpan.Zero);
        }

        /// <summary>
        /// Sends one throw-away frame (key 0, which no flow accepts) into every tunnel port. OVS's userspace tunnels drop
        /// packets while they resolve the underlay next hop's MAC; this resolves it before the first VM packet needs it.
        /// </summary>
        private static async Task WarmTunnelsAsync(SwitchConnection connection, SwitchState state, CancellationToken cancellationToken)
        {
            var tunnels = state.Ports.Values.Where(p => p.Type is InterfaceType.Gre or InterfaceType.Vxlan && p.OfportRequest is not null).ToList();
            if (tunnels.Count == 0)
                return;
            var frame = new byte[60];
            frame[0] = 0x02; // locally administered unicast, owned by nobody
            frame[6] = 0x02;
            frame[12] = 0x88;
            frame[13] = 0xb5; // IEEE 802 local experimental ethertype
            await connection.SendAllAsync(tunnels.Select(t => (OfpMessage)new PacketOut
            {
                Xid = connection.NextXid(),
                InPort = OfpPortNo.Controller,
                Actions = [new SetFieldAction(Oxm.Of(OxmField.TunnelId, 0)), Actions.Output((uint)t.OfportRequest!.Value, 0)],
                Data = frame,
            }), cancellationToken).ConfigureAwait(false);
            await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task SendFlowModsAsync(SwitchConnection connection, SwitchId id, List<OutgoingFlowMod> messages,
            CancellationToken cancellationToken)
        {
            if (owner._options.UseBundles)
            {
                try
                {
                    await using var bundle = await connection.OpenBundleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    await bundle.AddAllAsync(messages.Select(m => (OfpMessage)m.Mod), cancellationToken).ConfigureAwait(false);
                    await bundle.CommitAsync(cancellationToken).ConfigureAwait(false);
                    await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (OpenFlowBundleException e)
                {
                    // Atomic: nothing was installed. Send one by one so every good flow lands and each refusal is named.
                    ControlLog.BundleRefused(owner._logger, id.ToString(), e.Message);
                }
            }
            await connection.SendAllAsync(messages.Select(m => (OfpMessage)m.Mod), cancellationToken).ConfigureAwait(false);
            var errors = await connection.BarrierCollectingErrorsAsync(cancellationToken).ConfigureAwait(false);
            if (errors.Count == 0)
                return;
            var byXid = messages.ToDictionary(m => m.Mod.Xid, m => m.Text);  // formatted only when the switch refused something
            foreach (var e in errors)
            {
                ControlLog.FlowRefused(owner._logger, id.ToString(), byXid.GetValueOrDefault(e.Xid, $"xid {e.Xid}"), e.ErrorType.ToString(), e.Code);
            }
            var first = errors[0];
            throw new ControlException(
                $"{errors.Count} flow-mod(s) refused; first: {byXid.GetValueOrDefault(first.Xid, $"xid {first.Xid}")}: OFPET {first.ErrorType} code {first.Code}",
                first.ToException());
        }

        private async Task<SwitchConnection> ConnectAsync(string bridge, SwitchId id, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                SwitchConnection? existing;
                lock (_bridges)
                    _bridges.TryGetValue(bridge, out existing);
                if (existing is { IsConnected: true })
                    return existing;
                if (existing is not null)
                    await existing.DisposeAsync().ConfigureAwait(false);
                var target = endpoint.ManagementTarget(bridge);
                var connection = await SwitchConnection.ConnectAsync(target, cancellationToken: cancellationToken).ConfigureAwait(false);
                // The management socket is a service connection: OVS sends it no packet-in until asked (OpenFlow 1.3 A.3.10).
                await connection.SetAsyncConfigAsync(new SetAsync { PacketInMask = new AsyncMask(PacketInOnAction, 0) }, cancellationToken)
                    .ConfigureAwait(false);
                lock (_bridges)
                    _bridges[bridge] = connection;
                _readers.Add(Task.Run(() => ReadUnsolicitedAsync(connection, id), CancellationToken.None));
                ControlLog.Connected(owner._logger, id.ToString(), target);
                return connection;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Drop(string bridge)
        {
            SwitchConnection? c;
            lock (_bridges)
                _bridges.Remove(bridge, out c);
            c?.Abort("reconcile failed");
        }

        /// <summary>Forgets the OVSDB connection after a failed ensure, so the next attempt opens a fresh one.</summary>
        public void DropDatabase()
        {
            var db = Interlocked.Exchange(ref _db, null);
            if (db is not null)
                _ = db.DisposeAsync().AsTask().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }

        private void OnDatabaseLost(OvsdbVswitch db)
        {
            if (owner._stopping.IsCancellationRequested || !ReferenceEquals(Volatile.Read(ref _db), db))
                return;
            Interlocked.Increment(ref owner._ovsdbConnectionsLost);
            ResilienceLog.ConnectionLost(owner._logger, endpoint.Node + " (OVSDB)", $"{endpoint.OvsdbTarget} closed");
            owner.ScheduleRetry(endpoint.Node, $"OVSDB connection to {endpoint.OvsdbTarget} lost");
        }

        private async Task ReadUnsolicitedAsync(SwitchConnection connection, SwitchId id)
        {
            try
            {
                await foreach (var message in connection.Unsolicited.ReadAllAsync(owner._stopping.Token).ConfigureAwait(false))
                {
                    owner.CountUnsolicited(message);
                    if (message is PacketIn p && owner._options.ArpProxy)
                        await AnswerArpAsync(connection, id, p).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
                return;
            }
            catch (FedNetException)
            {
                // The connection closed: handled below.
            }
            // Still the registered connection: it dropped on its own (not Drop/Dispose), so retry the node with backoff.
            bool lost;
            lock (_bridges)
                lost = _bridges.TryGetValue(id.Bridge, out var current) && ReferenceEquals(current, connection) && _bridges.Remove(id.Bridge);
            if (!lost || owner._stopping.IsCancellationRequested)
                return;
            var reason = connection.CloseReason ?? "closed";
            Interlocked.Increment(ref owner._openFlowConnectionsLost);
            ResilienceLog.ConnectionLost(owner._logger, id.ToString(), reason);
            owner.ScheduleRetry(id.Node, $"OpenFlow connection to {id} lost: {reason}");
        }

        private async Task AnswerArpAsync(SwitchConnection connection, SwitchId id, PacketIn packetIn)
        {
            if (packetIn.InPort is not { } port)
                return;
            if (!ArpFrame.TryParse(packetIn.Data.AsSpan(), out var arp, out var reason))
            {
                ControlLog.BadPacketIn(owner._logger, id.ToString(), reason ?? "not ARP");
                return;
            }
            if (arp.Operation != 1 || arp.Tci is not { } tci)
                return;
            var vlan = tci & 0xFFF;
            if (!owner._arp.TryResolve(id.Node, vlan, arp.TargetIp, out var mac))
                return;
            // On a host the request came from a vif (access, untagged); on a gateway from a trunk (tagged).
            var tagged = !(owner._state?.Switches.TryGetValue(id, out var s) == true && s.Role == SwitchRole.IntegrationBridge
                && port != Ports.SegmentOfport);
            var reply = arp.Reply(mac, tagged);
            try
            {
                await connection.SendAsync(new PacketOut
                {
                    Xid = connection.NextXid(),
                    InPort = OfpPortNo.Controller,
                    Actions = [Actions.Output(port, 0)],
                    Data = reply,
                }).ConfigureAwait(false);
                Interlocked.Increment(ref owner._arpReplies);
                ControlLog.ArpAnswered(owner._logger, id.ToString(), FieldFormat.Ipv4(arp.TargetIp), port, FieldFormat.Mac(mac));
            }
            catch (FedNetException e)
            {
                ControlLog.SwitchFailed(owner._logger, id.ToString(), "ARP reply not sent: " + e.Message, e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            List<SwitchConnection> connections;
            lock (_bridges)
            {
                connections = [.. _bridges.Values];
                _bridges.Clear();
            }
            foreach (var c in connections)
                await c.DisposeAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(_readers).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or FedNetException)
            {
                // Readers end with their connections.
            }
            var db = Interlocked.Exchange(ref _db, null);
            if (db is not null)
                await db.DisposeAsync().ConfigureAwait(false);
            _gate.Dispose();
            ReconcileGate.Dispose();
        }
    }

    /// <summary>A flow-mod to send and what it came from; the flow's text is formatted only when the switch refuses it.</summary>
    private readonly record struct OutgoingFlowMod(FlowMod Mod, object Source)
    {
        public string Text => Source switch
        {
            FlowStats d => FlowText.Format(d),
            _ => Source.ToString() ?? "",
        };
    }
}
