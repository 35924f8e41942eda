using System.Text;
using FedNet.Ovsdb.Replica;

namespace FedNet.Ovsdb;

/// <summary>Renders a replica the way <c>ovs-vsctl show</c> does (for <c>fednet ovsdb show</c>).</summary>
public static class OvsdbShow
{
    /// <summary>The text, bridges and ports sorted by name.</summary>
    public static string Render(OvsdbReplicaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sb = new StringBuilder();
        var root = snapshot.OpenVswitch;
        if (root is null)
            return "(no Open_vSwitch row)\n";
        sb.Append(root.Uuid.ToString("D")).Append('\n');
        foreach (var m in root.ManagerOptions.Select(u => snapshot.Row("Manager", u)).OfType<OvsdbRow>().Select(r => new ManagerRow(r)).OrderBy(m => m.Target, StringComparer.Ordinal))
        {
            Line(sb, 1, $"Manager {Q(m.Target)}");
            if (m.IsConnected)
                Line(sb, 2, "is_connected: true");
        }
        foreach (var b in root.Bridges.Select(snapshot.Bridge).OfType<BridgeRow>().OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            Line(sb, 1, $"Bridge {Q(b.Name)}");
            foreach (var c in b.Controllers.Select(snapshot.Controller).OfType<ControllerRow>().OrderBy(c => c.Target, StringComparer.Ordinal))
            {
                Line(sb, 2, $"Controller {Q(c.Target)}");
                if (c.IsConnected)
                    Line(sb, 3, "is_connected: true");
            }
            if (b.FailMode is { } fm)
                Line(sb, 2, $"fail_mode: {fm}");
            if (b.DatapathType.Length > 0)
                Line(sb, 2, $"datapath_type: {b.DatapathType}");
            foreach (var p in b.Ports.Select(snapshot.Port).OfType<PortRow>().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                Line(sb, 2, $"Port {Q(p.Name)}");
                if (p.Tag is { } tag)
                    Line(sb, 3, $"tag: {tag}");
                if (p.Trunks.Count > 0)
                    Line(sb, 3, $"trunks: [{string.Join(", ", p.Trunks)}]");
                if (p.VlanMode is { } vm)
                    Line(sb, 3, $"vlan_mode: {vm}");
                if (p.Qos is { } q && snapshot.QosRow(q) is { } qos)
                    Line(sb, 3, $"qos: {qos.Type} {qos.Row["other_config"]}");
                foreach (var i in p.Interfaces.Select(snapshot.Interface).OfType<InterfaceRow>().OrderBy(i => i.Name, StringComparer.Ordinal))
                {
                    Line(sb, 3, $"Interface {Q(i.Name)}");
                    if (i.Type.Length > 0)
                        Line(sb, 4, $"type: {i.Type}");
                    if (i.Options.Count > 0)
                        Line(sb, 4, $"options: {i.Row["options"]}");
                    if (i.IngressPolicingRate > 0)
                        Line(sb, 4, $"ingress_policing_rate: {i.IngressPolicingRate}");
                    if (i.Error is { } err)
                        Line(sb, 4, $"error: {Q(err)}");
                }
            }
        }
        if (root.OvsVersion is { } v)
            Line(sb, 1, $"ovs_version: {Q(v)}");
        return sb.ToString();
    }

    private static string Q(string s) => OvsdbDatum.FormatAtom(s);

    private static void Line(StringBuilder sb, int depth, string text) => sb.Append(' ', depth * 4).Append(text).Append('\n');
}
