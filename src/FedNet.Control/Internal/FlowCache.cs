using System.Runtime.CompilerServices;
using FedNet.OpenFlow;
using FedNet.Planning.State;

namespace FedNet.Control.Internal;

/// <summary>
/// Per controller: each desired flow's canonical form and flow-mod, computed once per flow instance and kept as long as
/// the plan holds it (weak keys). Audits and retries then compare and send without translating the plan again, and
/// hosts of one site, which share flow instances in the plan, translate them once.
/// </summary>
internal sealed class FlowCache
{
    private readonly ConditionalWeakTable<FlowEntry, FlowEntry> _canonical = new();
    private readonly ConditionalWeakTable<FlowEntry, FlowMod> _mods = new();

    /// <summary>The flow as it reads back once installed (<see cref="FlowTranslator.Canonical"/>).</summary>
    public FlowEntry Canonical(FlowEntry flow) => _canonical.GetValue(flow, static f => FlowTranslator.Canonical(f));

    /// <summary>The OFPFC_ADD of a canonical flow (without its xid).</summary>
    public FlowMod Mod(FlowEntry canonical) => _mods.GetValue(canonical, static f => FlowTranslator.ToFlowMod(f));
}
