using System.Globalization;
using FedNet.OpenFlow;

namespace FedNet.Benchmarks.OpenFlow;

/// <summary>
/// The flows of the <c>flow-install</c> scenario, both as FedNet flow-mods and as the <c>ovs-ofctl add-flows</c> text
/// that means the same thing. Half are ARP responders built from Nicira move/load (what FedNet's ARP proxy installs),
/// half VLAN translations (what a gateway installs).
/// </summary>
internal static class FlowInstallFlows
{
    public const ulong CookieBase = 0xfed1_0000_0000_0000;

    public static List<FlowMod> FlowMods(int count)
    {
        var flows = new List<FlowMod>(count);
        for (var i = 0; i < count; i++)
        {
            var (vlan, mac, ip) = Parameters(i);
            flows.Add(i % 2 == 0
                ? new FlowMod
                {
                    Cookie = CookieBase + (ulong)i,
                    TableId = 0,
                    Priority = 100,
                    Match = Match.Any.EthType(0x0806).VlanVid(vlan).ArpOp(1).ArpTpa(new System.Net.IPAddress([(byte)(ip >> 24), (byte)(ip >> 16), (byte)(ip >> 8), (byte)ip])),
                    Instructions =
                    [
                        Instructions.Apply(
                            NiciraActions.Move(NxmField.EthSrc, NxmField.EthDst),
                            NiciraActions.Load(NxmField.EthSrc, mac),
                            NiciraActions.Load(NxmField.ArpOp, 2),
                            NiciraActions.Move(NxmField.ArpSha, NxmField.ArpTha),
                            NiciraActions.Move(NxmField.ArpSpa, NxmField.ArpTpa),
                            NiciraActions.Load(NxmField.ArpSha, mac),
                            NiciraActions.Load(NxmField.ArpSpa, ip),
                            Actions.Output(OfpPortNo.InPort)),
                    ],
                }
                : new FlowMod
                {
                    Cookie = CookieBase + (ulong)i,
                    TableId = 1,
                    Priority = 200,
                    Match = Match.Any.VlanVid(vlan).EthDst(new System.Net.NetworkInformation.PhysicalAddress(MacBytes(mac))),
                    Instructions = [Instructions.Apply(Actions.SetVlanVid(2782), Actions.Output(1))],
                });
        }
        return flows;
    }

    /// <summary>The same flows, one per line, in ovs-ofctl syntax.</summary>
    public static IEnumerable<string> OfctlLines(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (vlan, mac, ip) = Parameters(i);
            var cookie = (CookieBase + (ulong)i).ToString("x", CultureInfo.InvariantCulture);
            yield return i % 2 == 0
                ? $"table=0,priority=100,cookie=0x{cookie},arp,dl_vlan={vlan},arp_op=1,arp_tpa={IpText(ip)},actions="
                    + $"move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],load:0x{mac:x}->NXM_OF_ETH_SRC[],load:0x2->NXM_OF_ARP_OP[],"
                    + $"move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                    + $"load:0x{mac:x}->NXM_NX_ARP_SHA[],load:0x{ip:x}->NXM_OF_ARP_SPA[],in_port"
                : $"table=1,priority=200,cookie=0x{cookie},dl_vlan={vlan},dl_dst={MacText(mac)},actions=set_field:{0x1000 | 2782}->vlan_vid,output:1";
        }
    }

    private static (ushort Vlan, ulong Mac, uint Ip) Parameters(int i) =>
        ((ushort)(100 + i % 50), 0x02fe_0000_0000UL | (uint)i, 0x0a00_0000u | (uint)i);

    private static byte[] MacBytes(ulong mac) => [(byte)(mac >> 40), (byte)(mac >> 32), (byte)(mac >> 24), (byte)(mac >> 16), (byte)(mac >> 8), (byte)mac];

    private static string MacText(ulong mac) => string.Join(':', MacBytes(mac).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static string IpText(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xff}.{(ip >> 8) & 0xff}.{ip & 0xff}";
}
