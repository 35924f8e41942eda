using System.Buffers.Binary;
using FedNet.Evaluation.Arp;

namespace FedNet.Evaluation.Tests;

public sealed class ArpTests
{
    private static readonly byte[] Broadcast = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    private static readonly byte[] VmMac = [0x02, 0xfe, 0x00, 0x00, 0x00, 0x01];
    private static readonly byte[] PeerMac = [0x02, 0xfe, 0x00, 0x00, 0x00, 0x02];

    [Fact]
    public void ArpingReplyParse_UnicastReply_ReturnsIpLowerCaseMacAndTime()
    {
        const string output = """
            ARPING 10.40.1.2 from 10.40.1.1 eth0
            Unicast reply from 10.40.1.2 [02:FE:00:00:00:0A]  0.712ms
            Sent 1 probes (1 broadcast(s))
            Received 1 response(s)
            """;
        Assert.Equal(new ArpingReply("10.40.1.2", "02:fe:00:00:00:0a", 0.712), ArpingReply.Parse(output));
    }

    [Fact]
    public void ArpingReplyParse_NoReply_ReturnsNull() =>
        Assert.Null(ArpingReply.Parse("ARPING 10.40.1.9 from 10.40.1.1 eth0\nSent 1 probes (1 broadcast(s))\nReceived 0 response(s)\n"));

    [Fact]
    public void FromPcap_VplsFrames_CountsArpOnEveryFrameAndTenantFramesOnThePublicVlan()
    {
        var pcap = Pcap(
            Tagged(Ethernet(Broadcast, VmMac, 0x0806, new byte[28]), 2782),
            Tagged(Ethernet(PeerMac, VmMac, 0x0806, new byte[28]), 2782),
            Tagged(Ethernet(PeerMac, VmMac, 0x0800, new byte[40]), 2782),
            Ethernet([0x33, 0x33, 0, 0, 0, 1], VmMac, 0x86dd, new byte[40]));
        // The untagged IPv6 multicast is lab plumbing (not a tenant frame); ARP counts on every frame.
        Assert.Equal(new TransitFrameCount(4, 3, 2, 1, 1), TransitFrameCount.FromPcap(pcap, tunnel: false, [2782]));
    }

    [Fact]
    public void FromPcap_GreWithKeyAndVxlan_CountsTheInnerFrames()
    {
        var innerArp = Tagged(Ethernet(Broadcast, VmMac, 0x0806, new byte[28]), 300);
        var innerPing = Ethernet(PeerMac, VmMac, 0x0800, new byte[40]);
        var pcap = Pcap(
            Underlay(Gre(innerArp, key: 1000)),
            Underlay(Gre(innerPing, key: 1000)),
            Underlay(Vxlan(innerArp, port: 4789)),
            Underlay(Vxlan(innerArp, port: 4790)), // not a FedNet tunnel: no tenant frame
            Ethernet(Broadcast, VmMac, 0x0806, new byte[28])); // the underlay's own ARP, not inside a tunnel
        Assert.Equal(new TransitFrameCount(5, 3, 2, 2, 2), TransitFrameCount.FromPcap(pcap, tunnel: true));
    }

    [Fact]
    public void FromPcap_TruncatedLastRecord_IsIgnored()
    {
        var pcap = Pcap(Ethernet(Broadcast, VmMac, 0x0806, new byte[28]), Ethernet(Broadcast, VmMac, 0x0806, new byte[28]));
        Assert.Equal(1, TransitFrameCount.FromPcap(pcap.AsSpan(0, pcap.Length - 5), tunnel: false, [2782]).ArpBroadcasts);
    }

    [Fact]
    public void FromPcap_NotPcap_ThrowsNamingTheOffset()
    {
        var e = Assert.Throws<FormatException>(() => TransitFrameCount.FromPcap(new byte[24], tunnel: false));
        Assert.Contains("offset 0", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => TransitFrameCount.FromPcap(new byte[10], tunnel: false));
    }

    [Fact]
    public async Task Arp_QuickRun_EveryModeAndPathResolvesWithNoBroadcastOnAnyTransit()
    {
        var (dir, _) = await Smoke.RunAsync("arp");
        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "arp.json")))!;
            var data = json["data"]!;
            var cases = data["cases"]!.AsArray();
            Assert.Equal(
                ["controller/GRE", "controller/VPLS", "switch/GRE", "switch/VPLS"],
                cases.Select(c => $"{c!["mode"]}/{c["path"]}").Order(StringComparer.Ordinal));
            foreach (var c in cases)
            {
                var samples = c!["samplesMs"]!.AsArray();
                Assert.True(samples.Count > 0, $"{c["mode"]}/{c["path"]}: no ARP reply");
                Assert.Equal(c["replies"]!.GetValue<int>(), samples.Count);
                Assert.All(samples, s => Assert.True(s!.GetValue<double>() >= 0));
            }
            var transits = data["transits"]!.AsArray();
            Assert.Equal(2, transits.Count);
            foreach (var t in transits)
            {
                Assert.Equal(0, t!["arpBroadcasts"]!.GetValue<int>());
                // Live captures: the closing pings crossed both transits.
                Assert.True(t["tenantFrames"]!.GetValue<int>() > 0, $"{t["transit"]}: capture saw no tenant frame");
            }
            LabLeftovers.AssertNone("arp");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] Ethernet(byte[] dst, byte[] src, ushort type, byte[] payload)
    {
        var f = new byte[14 + payload.Length];
        dst.CopyTo(f, 0);
        src.CopyTo(f, 6);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), type);
        payload.CopyTo(f, 14);
        return f;
    }

    private static byte[] Tagged(byte[] frame, int vlan)
    {
        var f = new byte[frame.Length + 4];
        frame.AsSpan(0, 12).CopyTo(f);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x8100);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(14), (ushort)vlan);
        frame.AsSpan(12).CopyTo(f.AsSpan(16));
        return f;
    }

    private static byte[] Gre(byte[] inner, uint key)
    {
        var g = new byte[8 + inner.Length];
        BinaryPrimitives.WriteUInt16BigEndian(g, 0x2000);
        BinaryPrimitives.WriteUInt16BigEndian(g.AsSpan(2), 0x6558);
        BinaryPrimitives.WriteUInt32BigEndian(g.AsSpan(4), key);
        inner.CopyTo(g, 8);
        return [47, .. g];
    }

    private static byte[] Vxlan(byte[] inner, ushort port)
    {
        var u = new byte[16 + inner.Length];
        BinaryPrimitives.WriteUInt16BigEndian(u, 50000);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(2), port);
        u[8] = 0x08;
        inner.CopyTo(u, 16);
        return [17, .. u];
    }

    /// <summary>An underlay IPv4 frame; <paramref name="protocolAndPayload"/> starts with the IP protocol number.</summary>
    private static byte[] Underlay(byte[] protocolAndPayload)
    {
        var ip = new byte[20 + protocolAndPayload.Length - 1];
        ip[0] = 0x45;
        ip[9] = protocolAndPayload[0];
        protocolAndPayload.AsSpan(1).CopyTo(ip.AsSpan(20));
        return Ethernet(PeerMac, VmMac, 0x0800, ip);
    }

    private static byte[] Pcap(params byte[][] frames)
    {
        var ms = new MemoryStream();
        var h = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 256);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), 1);
        ms.Write(h);
        foreach (var f in frames)
        {
            var r = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), (uint)f.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(12), (uint)f.Length);
            ms.Write(r);
            ms.Write(f);
        }
        return ms.ToArray();
    }
}
