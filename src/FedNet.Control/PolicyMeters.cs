using FedNet.OpenFlow;
using FedNet.OpenFlow.Connections;
using FedNet.Planning.State;

namespace FedNet.Control;

/// <summary>
/// Reconciles a switch's OpenFlow meters (spec 1.3.5 §7.3.4.5) with the plan's. Meters carry no cookie: every meter on a
/// bridge FedNet created is FedNet's (its ids are the planner's policy ids), so one that is not desired is an orphan.
/// Missing or different meters are written before the flows that use them; orphans are deleted after the flows that used
/// them are gone (OVS would otherwise remove those flows with the meter, before the reconciler replaces them).
/// </summary>
internal static class PolicyMeters
{
    /// <summary>Adds and modifies what differs; returns the meter-mods sent and the orphan ids to delete later.</summary>
    public static async Task<(int Sent, IReadOnlyList<uint> Orphans)> EnsureAsync(SwitchConnection connection, SwitchState state,
        CancellationToken cancellationToken = default)
    {
        var existing = new Dictionary<uint, MeterConfig>();
        foreach (var reply in await connection.MultipartAsync<MeterConfigReply>(new MeterConfigRequest(), cancellationToken).ConfigureAwait(false))
        {
            foreach (var m in reply.Entries)
                existing[m.MeterId] = m;
        }
        var mods = new List<OfpMessage>();
        foreach (var meter in state.Meters.Values)
        {
            if (!existing.TryGetValue(meter.Id, out var have))
                mods.Add(FlowTranslator.ToMeterMod(meter, OfpMeterModCommand.Add) with { Xid = connection.NextXid() });
            else if (!FlowTranslator.MeterMatches(meter, have))
                mods.Add(FlowTranslator.ToMeterMod(meter, OfpMeterModCommand.Modify) with { Xid = connection.NextXid() });
        }
        var orphans = existing.Keys.Where(id => !state.Meters.ContainsKey(id)).Order().ToList();
        if (mods.Count > 0)
        {
            // Outside the bundle: bundles carry only flow-mods here.
            await connection.SendAllAsync(mods, cancellationToken).ConfigureAwait(false);
            await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
        }
        return (mods.Count, orphans);
    }

    /// <summary>Deletes the orphan meters <paramref name="ids"/>; returns the meter-mods sent.</summary>
    public static async Task<int> DeleteAsync(SwitchConnection connection, IReadOnlyList<uint> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
            return 0;
        await connection.SendAllAsync(ids.Select(id => (OfpMessage)new MeterMod
        {
            Xid = connection.NextXid(),
            Command = OfpMeterModCommand.Delete,
            MeterId = id,
        }), cancellationToken).ConfigureAwait(false);
        await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }
}
