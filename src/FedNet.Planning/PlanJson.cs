using System.Text.Json;
using FedNet.Planning.State;

namespace FedNet.Planning;

/// <summary>
/// Writes a plan as JSON: allocations, links, diagnostics and the full desired state (rows and flows, with actions as
/// <c>{"type": ..., fields}</c> objects). Keys are sorted, so the same plan always gives the same bytes.
/// </summary>
public static class PlanJson
{
    /// <summary>Writes <paramref name="plan"/> to <paramref name="writer"/>.</summary>
    public static void Write(NetworkPlan plan, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("federation", plan.Federation.Name);
        writer.WriteStartArray("diagnostics");
        foreach (var d in plan.Diagnostics)
            writer.WriteStringValue(d.ToString());
        writer.WriteEndArray();
        WritePolicies(plan, writer);
        WriteAllocations(plan.Allocations, writer);
        writer.WriteStartArray("links");
        foreach (var l in plan.Links())
        {
            writer.WriteStartObject();
            writer.WriteString("network", l.Network.ToString());
            writer.WriteString("from", l.From.ToString());
            writer.WriteString("to", l.To.ToString());
            writer.WriteString("kind", l.Kind.ToString());
            writer.WriteStartArray("transits");
            foreach (var t in l.Transits)
                writer.WriteStringValue(t);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("switches");
        WriteState(plan.State, writer);
        writer.WriteEndObject();
    }

    /// <summary>Every policy per network: what it asks, what enforces it, what cannot be enforced (<see cref="PolicyReport"/>).</summary>
    private static void WritePolicies(NetworkPlan plan, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("policies");
        foreach (var p in PolicyReport.For(plan))
        {
            writer.WriteStartObject();
            writer.WriteString("policy", p.Policy);
            writer.WriteString("network", p.Network.ToString());
            writer.WriteString("scope", p.Scope);
            if (p.RateBitsPerSecond is { } rate)
                writer.WriteNumber("rate", rate);
            if (p.GuaranteedBitsPerSecond is { } guaranteed)
                writer.WriteNumber("guaranteed", guaranteed);
            writer.WriteStartArray("enforcedBy");
            foreach (var e in p.EnforcedBy)
                writer.WriteStringValue(e);
            writer.WriteEndArray();
            writer.WriteStartArray("notEnforced");
            foreach (var n in p.Notes)
                writer.WriteStringValue(n);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes the desired state alone.</summary>
    public static void WriteState(DesiredState state, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var (id, s) in state.Switches)
        {
            writer.WriteStartObject(id.ToString());
            writer.WriteString("node", id.Node);
            writer.WriteString("bridge", id.Bridge);
            writer.WriteString("role", s.Role.ToString());
            writer.WriteStartObject("bridgeRow");
            writer.WriteString("name", s.Bridge.Name);
            writer.WriteString("datapath_type", s.Bridge.DatapathType);
            writer.WriteString("fail_mode", s.Bridge.FailMode);
            writer.WriteStartArray("protocols");
            foreach (var p in s.Bridge.Protocols)
                writer.WriteStringValue(p);
            writer.WriteEndArray();
            Map(writer, "other_config", s.Bridge.OtherConfig);
            Map(writer, "external_ids", s.Bridge.ExternalIds);
            writer.WriteEndObject();
            writer.WriteStartArray("ports");
            foreach (var p in s.Ports.Values)
                WritePort(p, writer);
            writer.WriteEndArray();
            writer.WriteStartArray("meters");
            foreach (var m in s.Meters.Values)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", m.Id);
                writer.WriteNumber("rate_kbps", m.RateKbps);
                writer.WriteNumber("burst_kbits", m.BurstKbits);
                writer.WriteString("owner", m.Owner);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("flows");
            foreach (var f in s.AllFlows)
                WriteFlow(f, writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteAllocations(Allocations a, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("allocations");
        writer.WriteNumber("nextMacSuffix", a.NextMacSuffix);
        writer.WriteNumber("nextNetworkId", a.NextNetworkId);
        writer.WriteNumber("nextVifId", a.NextVifId);
        writer.WriteNumber("nextPolicyId", a.NextPolicyId);
        Numbers(writer, "networkIds", a.NetworkIds);
        Numbers(writer, "vifIds", a.VifIds);
        writer.WriteStartObject("hosts");
        foreach (var (k, v) in a.Hosts)
            writer.WriteString(k.ToString(), v);
        writer.WriteEndObject();
        writer.WriteStartObject("macs");
        foreach (var (k, v) in a.Macs)
            writer.WriteString(k.ToString(), FieldFormat.Mac(v));
        writer.WriteEndObject();
        writer.WriteStartObject("ips");
        foreach (var (k, v) in a.Ips)
            writer.WriteString(k.ToString(), FieldFormat.Ipv4(v));
        writer.WriteEndObject();
        writer.WriteStartObject("ports");
        foreach (var (k, v) in a.Ports)
            writer.WriteString(k.ToString(), v.ToString());
        writer.WriteEndObject();
        Numbers(writer, "privateVlans", a.PrivateVlans);
        Numbers(writer, "publicVlans", a.PublicVlans);
        Numbers(writer, "tunnelKeys", a.TunnelKeys);
        Numbers(writer, "policyIds", a.PolicyIds);
        writer.WriteEndObject();
    }

    private static void Numbers<TKey>(Utf8JsonWriter writer, string name, ValueMap<TKey, int> map)
        where TKey : notnull
    {
        writer.WriteStartObject(name);
        foreach (var (k, v) in map)
            writer.WriteNumber(k.ToString()!, v);
        writer.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter writer, string name, ValueMap<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (k, v) in map)
            writer.WriteString(k, v);
        writer.WriteEndObject();
    }

    private static void WritePort(PortRow p, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", p.Name);
        writer.WriteString("type", p.Type switch
        {
            InterfaceType.System => "",
            _ => p.Type.ToString().ToLowerInvariant(),
        });
        Map(writer, "options", p.Options);
        if (p.Tag is { } tag)
            writer.WriteNumber("tag", tag);
        if (p.Trunks.Count > 0)
        {
            writer.WriteStartArray("trunks");
            foreach (var t in p.Trunks)
                writer.WriteNumberValue(t);
            writer.WriteEndArray();
        }
        if (p.VlanMode is { } mode)
            writer.WriteString("vlan_mode", mode == PortVlanMode.Access ? "access" : "trunk");
        if (p.OfportRequest is { } ofport)
            writer.WriteNumber("ofport_request", ofport);
        if (p.IngressPolicingRateKbps > 0)
            writer.WriteNumber("ingress_policing_rate", p.IngressPolicingRateKbps);
        if (p.EgressMaxRateKbps > 0)
            writer.WriteNumber("qos_linux_htb_max_rate_kbps", p.EgressMaxRateKbps);
        Map(writer, "external_ids", p.ExternalIds);
        writer.WriteEndObject();
    }

    private static void WriteFlow(FlowEntry f, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("cookie", $"0x{f.Cookie:x16}");
        writer.WriteNumber("table", f.Table);
        writer.WriteNumber("priority", f.Priority);
        writer.WriteStartObject("match");
        foreach (var m in f.Match)
        {
            var value = FieldFormat.Value(m.Field, m.Value);
            writer.WriteString(FieldFormat.Name(m.Field), m.Mask is { } mask ? value + "/" + FieldFormat.Value(m.Field, mask) : value);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("actions");
        foreach (var a in f.Actions)
            WriteAction(a, writer);
        writer.WriteEndArray();
        if (f.IdleTimeout != 0)
            writer.WriteNumber("idle_timeout", f.IdleTimeout);
        if (f.HardTimeout != 0)
            writer.WriteNumber("hard_timeout", f.HardTimeout);
        if (f.Importance != 0)
            writer.WriteNumber("importance", f.Importance);
        writer.WriteString("text", f.ToString());
        writer.WriteEndObject();
    }

    private static void WriteAction(FlowAction a, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (a)
        {
            case Output o:
                writer.WriteString("type", "output");
                writer.WriteNumber("port", o.Port);
                break;
            case OutputInPort:
                writer.WriteString("type", "in_port");
                break;
            case PushVlan p:
                writer.WriteString("type", "push_vlan");
                writer.WriteNumber("ethertype", p.EtherType);
                break;
            case PopVlan:
                writer.WriteString("type", "pop_vlan");
                break;
            case SetField s:
                writer.WriteString("type", "set_field");
                writer.WriteString("field", FieldFormat.Name(s.Field));
                writer.WriteString("value", FieldFormat.Value(s.Field, s.Value));
                break;
            case Move m:
                writer.WriteString("type", "move");
                writer.WriteString("src", FieldFormat.Name(m.Source));
                writer.WriteString("dst", FieldFormat.Name(m.Destination));
                break;
            case Load l:
                writer.WriteString("type", "load");
                writer.WriteString("field", FieldFormat.Name(l.Field));
                writer.WriteNumber("value", l.Value);
                break;
            case GotoTable g:
                writer.WriteString("type", "goto_table");
                writer.WriteNumber("table", g.Table);
                break;
            case Resubmit r:
                writer.WriteString("type", "resubmit");
                writer.WriteNumber("table", r.Table);
                break;
            case Controller c:
                writer.WriteString("type", "controller");
                writer.WriteNumber("max_len", c.MaxLength);
                break;
            case Meter m:
                writer.WriteString("type", "meter");
                writer.WriteNumber("id", m.Id);
                break;
            case Drop:
                writer.WriteString("type", "drop");
                break;
            default:
                writer.WriteString("type", a.GetType().Name);
                break;
        }
        writer.WriteEndObject();
    }
}
