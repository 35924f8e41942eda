using System.Buffers.Binary;
using System.Text;
using FedNet.Control.Internal;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>
/// Isolation proofs on the paper lab with elearning and the two same-subnet tenants: what crosses the VPLS, and what a
/// spoofing VM of tenant beta can get to tenant alpha (nothing).
/// </summary>
public sealed class IsolationTests(PaperDeploymentFixture fixture) : IClassFixture<PaperDeploymentFixture>
{
    private const ushort Vlan8021Q = 0x8100;
    private const ushort Vlan8021Ad = 0x88a8;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private VifPlacement Vif(string name) => fixture.Vifs.Single(v => v.Name == name);

    private string Ns(string vm) => fixture.State.Vm(vm)!.Namespace;

    [Fact]
    public async Task Vpls_TwoTenantsPingTheirOwnPeers_OnlyVlan2782NoArpNoBroadcastNoUnknownUnicast()
    {
        Prerequisites.Require("tcpdump");
        var vpls = fixture.State.Transits.Single(t => t.Name == "kuas-ncku");
        string[] vms = ["alpha.web", "alpha.db", "beta.web", "beta.db"];
        foreach (var vm in vms)
            Shell.Run("ip", "-n", Ns(vm), "neigh", "flush", "all");
        var knownMacs = fixture.Vifs.Select(v => v.Mac).ToHashSet();
        // The link's own two kernel interfaces (kuas-gw's tr0, the VPLS's g0) send IPv6 neighbour discovery and MLD of
        // their own, untagged: lab plumbing, not frames a FedNet switch forwarded. Told apart by source MAC.
        var linkMacs = new HashSet<ulong> { LinkMac(fixture.State.Node("kuas-gw")!.Namespace, "tr0"), LinkMac(vpls.Namespace, "g0") };

        IReadOnlyList<byte[]> frames;
        using (var capture = await IsolationCapture.StartAsync(vpls.Namespace, "g0", Token))
        {
            for (var round = 0; round < 3; round++)
            {
                Assert.True(await Reachability.PingAsync(Ns("alpha.web"), Vif("alpha.db"), Token));
                Assert.True(await Reachability.PingAsync(Ns("beta.web"), Vif("beta.db"), Token));
                Assert.True(await Reachability.PingAsync(Ns("alpha.db"), Vif("alpha.web"), Token));
                Assert.True(await Reachability.PingAsync(Ns("beta.db"), Vif("beta.web"), Token));
            }
            await Task.Delay(300, Token);
            var all = capture.Stop();
            frames = [.. all.Where(f => !linkMacs.Contains(Mac(f, 6)))];
            TestContext.Current.TestOutputHelper?.WriteLine($"{all.Count - frames.Count} frame(s) sent by the link's own kernel interfaces left out");
        }

        var vlans = frames.Select(f => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(12)) == Vlan8021Q
            ? BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(14)) & 0xFFF : -1).ToList();
        var arp = frames.Count(f => f.Length >= 18 && BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(16)) == 0x0806);
        var broadcast = frames.Count(f => (f[0] & 1) == 1);
        var unknown = frames.Count(f => !knownMacs.Contains(Mac(f, 0)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"VPLS capture on g0: {frames.Count} frames, VLANs {string.Join(",", vlans.Distinct())}, ARP {arp}, broadcast/multicast {broadcast}, unknown unicast {unknown}");
        // 3 rounds x 4 pings x (request + reply) at least; the ICMP of both tenants crossed.
        Assert.True(frames.Count >= 24, $"only {frames.Count} frames crossed the VPLS");
        Assert.All(vlans, v => Assert.Equal(2782, v));
        Assert.Equal(0, arp);
        Assert.Equal(0, broadcast);
        Assert.Equal(0, unknown);
        foreach (var vm in vms)
            Assert.Contains(frames, f => Mac(f, 0) == Vif(vm).Mac);
    }

    [Fact]
    public async Task SpoofingVm_ForgedMacIpTagsArpAndBroadcastStorm_NothingReachesTheOtherTenantAndItsOwnNetworkStillWorks()
    {
        Prerequisites.Require("tcpdump");
        var spoofer = Vif("beta.web");
        var alphaWeb = Vif("alpha.web");
        var alphaDb = Vif("alpha.db");
        var betaDb = Vif("beta.db");
        var alphaVlan = fixture.Plan.PrivateVlans(alphaWeb.Network)["kuas"];
        var marker = Encoding.ASCII.GetBytes("FEDNET-SPOOF-" + Guid.NewGuid().ToString("N")[..8]);
        var control = Encoding.ASCII.GetBytes("FEDNET-CONTROL-" + Guid.NewGuid().ToString("N")[..8]);
        const ulong Forged = 0x02_66_66_66_66_66;
        const ulong Broadcast = 0xFF_FF_FF_FF_FF_FF;
        var ip10 = alphaWeb.Ip;
        var ip20 = alphaDb.Ip;
        var ip99 = (ip10 & 0xFFFFFF00) | 99;

        var frames = new List<(string What, byte[] Frame)>
        {
            ("forged source MAC (alpha.web's) to alpha.db", Icmp(alphaWeb.Mac, alphaDb.Mac, ip10, ip20, marker)),
            ("forged source MAC (alpha.web's) broadcast", Raw(alphaWeb.Mac, Broadcast, marker)),
            ("forged unknown source MAC to alpha.db", Icmp(Forged, alphaDb.Mac, ip10, ip20, marker)),
            ("forged unknown source MAC broadcast", Raw(Forged, Broadcast, marker)),
            ("forged source IP to alpha.db", Icmp(spoofer.Mac, alphaDb.Mac, ip99, ip20, marker)),
            ("forged source IP to alpha.web (same host)", Icmp(spoofer.Mac, alphaWeb.Mac, ip99, ip10, marker)),
            ("tagged with alpha's private VLAN to alpha.db", Tagged(Icmp(spoofer.Mac, alphaDb.Mac, ip10, ip20, marker), (Vlan8021Q, alphaVlan))),
            ("tagged with alpha's private VLAN to alpha.web", Tagged(Icmp(spoofer.Mac, alphaWeb.Mac, ip20, ip10, marker), (Vlan8021Q, alphaVlan))),
            ("tagged with the public VLAN 2782 to alpha.db", Tagged(Icmp(spoofer.Mac, alphaDb.Mac, ip10, ip20, marker), (Vlan8021Q, 2782))),
            ("double-tagged alpha VLAN + 2782 to alpha.db",
                Tagged(Icmp(spoofer.Mac, alphaDb.Mac, ip10, ip20, marker), (Vlan8021Q, alphaVlan), (Vlan8021Q, 2782))),
            ("QinQ 802.1ad outer + alpha VLAN to alpha.web",
                Tagged(Icmp(spoofer.Mac, alphaWeb.Mac, ip20, ip10, marker), (Vlan8021Ad, alphaVlan), (Vlan8021Q, alphaVlan))),
            ("double-tagged alpha VLAN broadcast", Tagged(Raw(spoofer.Mac, Broadcast, marker), (Vlan8021Q, alphaVlan), (Vlan8021Q, alphaVlan))),
            ("ARP request for the other tenant's address", Arp(spoofer.Mac, ip10, ip20, marker)),
            ("ARP request for alpha.web's address", Arp(spoofer.Mac, ip20, ip10, marker)),
            ("ARP with forged sender MAC", Arp(alphaWeb.Mac, ip10, ip20, marker)),
        };

        IReadOnlyList<byte[]> atAlphaWeb, atAlphaDb, sent;
        var spooferHost = fixture.State.Node(spoofer.Host)!.Namespace;
        using (var sentCapture = await IsolationCapture.StartAsync(spooferHost, spoofer.HostInterface, Token))
        using (var webCapture = await IsolationCapture.StartAsync(Ns("alpha.web"), "eth0", Token))
        using (var dbCapture = await IsolationCapture.StartAsync(Ns("alpha.db"), "eth0", Token))
        {
            using (var socket = MigrationRawSocket.Open(Ns("beta.web"), "eth0"))
            {
                foreach (var (_, frame) in frames)
                    socket.Send(frame);
                // The storm: thousands of broadcasts, tagged and untagged, and unicasts at the other tenant's MACs.
                var storm = Raw(spoofer.Mac, Broadcast, marker);
                var taggedStorm = Tagged(Raw(spoofer.Mac, Broadcast, marker), (Vlan8021Q, alphaVlan));
                var atAlpha = Raw(spoofer.Mac, alphaDb.Mac, marker);
                for (var i = 0; i < 3000; i++)
                {
                    socket.Send(storm);
                    if (i % 3 == 0)
                        socket.Send(taggedStorm);
                    if (i % 5 == 0)
                        socket.Send(atAlpha);
                }
            }
            // Control: a frame alpha.web legitimately sends to alpha.db must show up, or the captures prove nothing.
            using (var legit = MigrationRawSocket.Open(Ns("alpha.web"), "eth0"))
                legit.Send(Icmp(alphaWeb.Mac, alphaDb.Mac, ip10, ip20, control));
            await Task.Delay(1000, Token);
            atAlphaWeb = webCapture.Stop();
            atAlphaDb = dbCapture.Stop();
            sent = sentCapture.Stop();
        }

        // The crafted frames and the storm did enter the spoofer's switch port (the proof is not vacuous).
        var entered = sent.Count(f => Contains(f, marker));
        var leakedToWeb = atAlphaWeb.Count(f => Contains(f, marker));
        var leakedToDb = atAlphaDb.Count(f => Contains(f, marker));
        var fromSpoofer = atAlphaWeb.Concat(atAlphaDb).Count(f => Mac(f, 6) == spoofer.Mac || Mac(f, 6) == Forged);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"sent {frames.Count} crafted frames + a storm of 4,600 ({entered} seen entering {spoofer.HostInterface}); alpha.web captured {atAlphaWeb.Count} frames ({leakedToWeb} spoofed), " +
            $"alpha.db {atAlphaDb.Count} ({leakedToDb} spoofed)");
        Assert.Contains(atAlphaDb, f => Contains(f, control));
        Assert.True(entered >= frames.Count + 3000, $"only {entered} spoofed frames entered the switch");
        Assert.Equal(0, leakedToWeb);
        Assert.Equal(0, leakedToDb);
        Assert.Equal(0, fromSpoofer);
        // The spoofer's own network still works, and so does the other tenant's.
        Assert.True(await Reachability.PingAsync(Ns("beta.web"), betaDb, Token), "beta.web no longer reaches beta.db");
        Assert.True(await Reachability.PingAsync(Ns("alpha.web"), alphaDb, Token), "alpha.web no longer reaches alpha.db");
    }

    private static ulong LinkMac(string ns, string device)
    {
        var text = Shell.Run("ip", "-n", ns, "-o", "link", "show", "dev", device);
        var at = text.IndexOf("link/ether ", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no MAC for {device} in {ns}: {text}");
        return Convert.ToUInt64(text.Substring(at + "link/ether ".Length, 17).Replace(":", "", StringComparison.Ordinal), 16);
    }

    private static ulong Mac(byte[] frame, int offset)
    {
        ulong mac = 0;
        for (var i = 0; i < 6; i++)
            mac = (mac << 8) | frame[offset + i];
        return mac;
    }

    private static bool Contains(byte[] frame, byte[] marker) => frame.AsSpan().IndexOf(marker) >= 0;

    private static byte[] Ethernet(ulong src, ulong dst, ushort type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Math.Max(60, 14 + payload.Length)];
        MigrationRawSocket.WriteMac(frame, dst);
        MigrationRawSocket.WriteMac(frame.AsSpan(6), src);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), type);
        payload.CopyTo(frame.AsSpan(14));
        return frame;
    }

    /// <summary>An IEEE local-experimental frame carrying only the marker.</summary>
    private static byte[] Raw(ulong src, ulong dst, byte[] marker) => Ethernet(src, dst, 0x88b5, marker);

    /// <summary>An IPv4 ICMP echo request whose payload is the marker.</summary>
    private static byte[] Icmp(ulong src, ulong dst, uint srcIp, uint dstIp, byte[] marker)
    {
        var ip = new byte[20 + 8 + marker.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        ip[8] = 64;
        ip[9] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(12), srcIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip.AsSpan(16), dstIp);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Checksum(ip.AsSpan(0, 20)));
        ip[20] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(24), 0x4242);
        marker.CopyTo(ip.AsSpan(28));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(22), Checksum(ip.AsSpan(20)));
        return Ethernet(src, dst, 0x0800, ip);
    }

    /// <summary>A broadcast ARP request with the marker in the frame's padding.</summary>
    private static byte[] Arp(ulong senderMac, uint senderIp, uint targetIp, byte[] marker)
    {
        var arp = new byte[28 + marker.Length];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), 1);
        MigrationRawSocket.WriteMac(arp.AsSpan(8), senderMac);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), senderIp);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), targetIp);
        marker.CopyTo(arp.AsSpan(28));
        return Ethernet(senderMac, 0xFF_FF_FF_FF_FF_FF, 0x0806, arp);
    }

    /// <summary>Inserts VLAN headers (outermost first) after the MAC addresses.</summary>
    private static byte[] Tagged(byte[] frame, params (ushort Tpid, int Vid)[] tags)
    {
        var result = new byte[frame.Length + 4 * tags.Length];
        frame.AsSpan(0, 12).CopyTo(result);
        var offset = 12;
        foreach (var (tpid, vid) in tags)
        {
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(offset), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(offset + 2), (ushort)vid);
            offset += 4;
        }
        frame.AsSpan(12).CopyTo(result.AsSpan(offset));
        return result;
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (data.Length % 2 == 1)
            sum += (uint)data[^1] << 8;
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
