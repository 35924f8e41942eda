using System.Diagnostics;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Lab.Tests;

/// <summary>The paper's federation, up for real: switches, contract interfaces, WAN, VPLS, VMs.</summary>
public sealed class PaperLabTests(PaperLabFixture fixture) : IClassFixture<PaperLabFixture>
{
    private LabState State => fixture.State;

    [Fact]
    public void Up_Paper_EveryNodeHasItsOwnOvsReachableFromTheRootNamespace()
    {
        Assert.Equal(7, State.Nodes.Count);
        Assert.Equal(7, State.Nodes.Select(n => n.Namespace).Distinct().Count());
        foreach (var node in State.Nodes)
        {
            var env = new Dictionary<string, string> { ["OVS_RUNDIR"] = node.OvsRundir };
            var show = Shell.Run(env, "ovs-vsctl", $"--db={node.OvsdbTarget}", "get", "Open_vSwitch", ".", "external_ids:fednet-lab");
            Assert.Equal(fixture.Options.Id, show.Trim().Trim('"'));
            Assert.Contains("ovs-vswitchd", Shell.Run("ovs-appctl", "-t", node.VswitchdControl, "version"), StringComparison.Ordinal);
        }
        var persisted = LabState.Read(fixture.Options.StatePath);
        Assert.Equal(State.Nodes, persisted.Nodes, (a, b) => a.Name == b.Name && a.OvsdbSocket == b.OvsdbSocket);
    }

    [Fact]
    public void Up_Paper_ContractInterfacesExistInEachNamespace()
    {
        static HashSet<string> Links(string ns) =>
            [.. Shell.Run("ip", "-n", ns, "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0])];

        Assert.Subset(Links(fixture.Ns("kuas-rack1")), new HashSet<string> { "seg0" });
        Assert.Subset(Links(fixture.Ns("kuas-gw")), new HashSet<string> { "seg0", "tr0", "wan0", "br-underlay" });
        Assert.Subset(Links(fixture.Ns("ncku-gw")), new HashSet<string> { "seg0", "tr0" });
        Assert.DoesNotContain("wan0", Links(fixture.Ns("ncku-gw")));
        Assert.Subset(Links(fixture.Ns("ntust-gw")), new HashSet<string> { "seg0", "wan0" });
        Assert.Equal(["seg0", "tr0", "wan0"], State.Node("kuas-gw")!.Interfaces);

        // wan0 sits on the lab-owned br-underlay, whose internal port holds the underlay address.
        var kuasGw = State.Node("kuas-gw")!;
        var env = new Dictionary<string, string> { ["OVS_RUNDIR"] = kuasGw.OvsRundir };
        Assert.Equal("wan0", Shell.Run(env, "ovs-vsctl", $"--db={kuasGw.OvsdbTarget}", "list-ports", "br-underlay").Trim());
        Assert.Contains("172.16.0.1/29", Shell.Run("ip", "-n", kuasGw.Namespace, "addr", "show", "br-underlay"), StringComparison.Ordinal);
    }

    [Fact]
    public void Underlay_Gateways_ReachEachOtherWithConfiguredDelayWithinTenPercent()
    {
        var kuas = fixture.Ns("kuas-gw");
        var ntust = fixture.Ns("ntust-gw");
        Assert.True(LabProbe.Reaches(kuas, "172.16.0.3"), "kuas-gw cannot reach ntust-gw's underlay");
        Assert.True(LabProbe.Reaches(ntust, "172.16.0.1"), "ntust-gw cannot reach kuas-gw's underlay");

        // The emulator adds 6 ms each way on kuas-ntust. Two views of it, both from ping traffic:
        // 1. at the emulator's own interfaces (kernel timestamps from a capture in the router namespace): each echo
        //    request leaves toward kuas's emulator on ta0 and comes out of it on tb0; each reply crosses ta1 -> tb1;
        // 2. end to end: ping RTT minus the same hops measured without delay (from the router, whose replies are not
        //    delayed, to each gateway). Minimums, because a machine busy compiling only ever adds time.
        var transit = State.Transits.Single(t => t.Name == "kuas-ntust");
        var oneWay = transit.Wan.Delay.TotalMilliseconds;
        var wan = transit.Namespace;
        string captured;
        List<double> rtts;
        using (var capture = Capture.Start(wan, "any", "icmp"))
        {
            rtts = LabProbe.PingTimes(kuas, "172.16.0.3", 30);
            captured = capture.Stop();
        }
        var requests = LabProbe.Median(Crossings(captured, "ta0", "tb0", "echo request"));
        var replies = LabProbe.Median(Crossings(captured, "ta1", "tb1", "echo reply"));
        Assert.True(Math.Abs(requests - oneWay) <= 0.1 * oneWay, $"requests: emulator added {requests:0.000} ms, configured {oneWay} ms");
        Assert.True(Math.Abs(replies - oneWay) <= 0.1 * oneWay, $"replies: emulator added {replies:0.000} ms, configured {oneWay} ms");

        var baseline = LabProbe.PingTimes(wan, "172.16.0.1", 30).Min() + LabProbe.PingTimes(wan, "172.16.0.3", 30).Min();
        var added = LabProbe.PingTimes(kuas, "172.16.0.3", 30).Min() - baseline;
        Assert.True(Math.Abs(added - 2 * oneWay) <= 0.1 * 2 * oneWay,
            $"configured RTT {2 * oneWay} ms; ping shows {added:0.000} ms added " +
            $"(min RTT {rtts.Min():0.000} ms, hops without delay {baseline:0.000} ms)");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kuas-ntust: configured {oneWay} ms one way; emulator {requests:0.000}/{replies:0.000} ms; " +
            $"ping adds {added:0.000} ms per round trip");
    }

    [Theory]
    [InlineData("gre", 1)]
    [InlineData("vxlan", 2)]
    public void Underlay_OvsTunnelBetweenGateways_CarriesTraffic(string type, int n)
    {
        // What FedNet will do on br-gw: an OVS userspace tunnel port with local_ip/remote_ip over the lab's underlay.
        var bridge = "t" + type;
        var ends = new[] { ("kuas-gw", "172.16.0.1", "172.16.0.3", 1), ("ntust-gw", "172.16.0.3", "172.16.0.1", 2) };
        foreach (var (gw, local, remote, last) in ends)
        {
            var node = State.Node(gw)!;
            var env = new Dictionary<string, string> { ["OVS_RUNDIR"] = node.OvsRundir };
            Shell.Run(env, "ovs-vsctl", $"--db={node.OvsdbTarget}", "add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev",
                "--", "add-port", bridge, type + "0", "--", "set", "interface", type + "0", $"type={type}",
                $"options:remote_ip={remote}", $"options:local_ip={local}", "options:key=77",
                "--", "add-port", bridge, "p" + type, "--", "set", "interface", "p" + type, "type=internal");
            Shell.Run("ip", "-n", node.Namespace, "addr", "add", $"10.96.{n}.{last}/24", "dev", "p" + type);
            Shell.Run("ip", "-n", node.Namespace, "link", "set", "p" + type, "up");
        }

        var rtt = LabProbe.PingTimes(fixture.Ns("kuas-gw"), $"10.96.{n}.2", 5, "0.2");

        // The tunnel rides the WAN: it gets the transit's delay (2 x 6 ms).
        Assert.True(rtt.Min() >= 0.9 * 12, $"{type} RTT {rtt.Min():0.000} ms is below the WAN's 12 ms");
    }

    /// <summary>Milliseconds each ICMP message of <paramref name="kind"/> spent between leaving on <paramref name="from"/> and
    /// arriving on <paramref name="to"/>, from <c>tcpdump -tt -i any</c> lines matched by ICMP sequence number.</summary>
    private static List<double> Crossings(string capture, string from, string to, string kind)
    {
        var sent = new Dictionary<string, double>();
        var delays = new List<double>();
        foreach (var line in capture.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var seq = line.IndexOf(", seq ", StringComparison.Ordinal) is var i and >= 0 ? line[(i + 6)..].Split(',')[0] : null;
            if (f.Length < 3 || seq is null || !line.Contains(kind, StringComparison.Ordinal))
                continue;
            var time = double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture) * 1000;
            if (f[1] == from && f[2] == "Out")
                sent[seq] = time;
            else if (f[1] == to && f[2] == "In" && sent.TryGetValue(seq, out var t0))
                delays.Add(time - t0);
        }
        Assert.True(delays.Count >= 10, $"only {delays.Count} {kind}s seen crossing {from} -> {to}:\n{capture}");
        return delays;
    }

    [Fact]
    public void Vpls_FrameTagged2782Crosses_FrameTagged100DoesNot()
    {
        // Test-only bridges in both gateways: tr0 as a trunk, one internal access port per VLAN.
        foreach (var (gw, last) in new[] { ("kuas-gw", 1), ("ncku-gw", 2) })
        {
            var node = State.Node(gw)!;
            var env = new Dictionary<string, string> { ["OVS_RUNDIR"] = node.OvsRundir };
            Shell.Run(env, "ovs-vsctl", $"--db={node.OvsdbTarget}", "add-br", "brt", "--", "set", "bridge", "brt", "datapath_type=netdev",
                "--", "add-port", "brt", "tr0",
                "--", "add-port", "brt", "p2782", "tag=2782", "--", "set", "interface", "p2782", "type=internal",
                "--", "add-port", "brt", "p100", "tag=100", "--", "set", "interface", "p100", "type=internal");
            Shell.Run("ip", "-n", node.Namespace, "addr", "add", $"10.97.0.{last}/24", "dev", "p2782");
            Shell.Run("ip", "-n", node.Namespace, "addr", "add", $"10.98.0.{last}/24", "dev", "p100");
            Shell.Run("ip", "-n", node.Namespace, "link", "set", "p2782", "up");
            Shell.Run("ip", "-n", node.Namespace, "link", "set", "p100", "up");
        }
        var ncku = fixture.Ns("ncku-gw");
        // Inbound on ncku-gw's tr0: only what crossed the VPLS (ncku's own IPv6 chatter goes out, not in).
        using var capture = Capture.Start(ncku, "tr0", "vlan");

        var tagged2782 = LabProbe.Reaches(fixture.Ns("kuas-gw"), "10.97.0.2");
        var tagged100 = LabProbe.Reaches(fixture.Ns("kuas-gw"), "10.98.0.2");
        var frames = capture.Stop();

        Assert.True(tagged2782, "VLAN 2782 did not cross the VPLS");
        Assert.False(tagged100, "VLAN 100 crossed the VPLS");
        Assert.Contains("vlan 2782", frames, StringComparison.Ordinal);
        Assert.DoesNotContain("vlan 100,", frames, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vm_Added_VethAppearsUnattachedOnItsHostAndCarriesTrafficOnceAttached()
    {
        var driver = new NamespaceComputeDriver(fixture.Lab);
        var ct = TestContext.Current.CancellationToken;
        var vm1 = await driver.BindAsync(new VmSpec("vm1", "kuas-rack1", "02:fe:00:00:01:01", "10.50.0.1/24"), ct);
        var vm2 = await driver.BindAsync(new VmSpec("vm2", "kuas-rack2", "02:fe:00:00:01:02", "10.50.0.2/24"), ct);
        try
        {
            Assert.Equal("vf000101", vm1.HostInterface);
            Assert.Equal(fixture.Ns("kuas-rack1"), vm1.HostNamespace);
            var link = Shell.Run("ip", "-n", vm1.HostNamespace, "-d", "link", "show", "vf000101");
            Assert.Contains("veth", link, StringComparison.Ordinal);
            Assert.DoesNotContain("master", link, StringComparison.Ordinal);
            Assert.Contains("02:fe:00:00:01:01", Shell.Run("ip", "-n", vm1.VmNamespace, "link", "show", "eth0"), StringComparison.Ordinal);
            var offloads = LabProbe.InNs(vm1.VmNamespace, "ethtool", "-k", "eth0").StandardOutput;
            Assert.Contains("tx-checksumming: off", offloads, StringComparison.Ordinal);
            Assert.False(LabProbe.Reaches(vm1.VmNamespace, "10.50.0.2"), "VMs talk before anything attached them");

            // Attach by hand, as FedNet will: a bridge per host joining the vif and seg0 (the segment trunk).
            foreach (var (host, vif) in new[] { ("kuas-rack1", "vf000101"), ("kuas-rack2", "vf000102") })
            {
                var node = State.Node(host)!;
                var env = new Dictionary<string, string> { ["OVS_RUNDIR"] = node.OvsRundir };
                Shell.Run(env, "ovs-vsctl", $"--db={node.OvsdbTarget}", "add-br", "brt",
                    "--", "set", "bridge", "brt", "datapath_type=netdev",
                    "--", "add-port", "brt", "seg0", "--", "add-port", "brt", vif);
            }
            // The probe before attaching left the neighbour FAILED; forget it rather than wait for the kernel to retry.
            Shell.Run("ip", "-n", vm1.VmNamespace, "neigh", "flush", "all");
            Assert.True(LabProbe.Reaches(vm1.VmNamespace, "10.50.0.2"), "VMs on two racks do not reach each other over the segment");
            Assert.Equal(["vm1", "vm2"], fixture.Lab.ReadState().Vms.Select(v => v.Name));
        }
        finally
        {
            await driver.UnbindAsync("vm1", TestContext.Current.CancellationToken);
            await driver.UnbindAsync("vm2", TestContext.Current.CancellationToken);
        }
        Assert.False(Shell.Try("ip", "-n", vm1.HostNamespace, "link", "show", "vf000101").Succeeded, "vif left on the host");
        Assert.DoesNotContain(vm1.VmNamespace, Shell.Run("ip", "netns", "list"), StringComparison.Ordinal);
        Assert.Empty(fixture.Lab.ReadState().Vms);
    }

    [Fact]
    public async Task Vm_LeftoversOfAnInterruptedBind_AreReplacedByTheNextBind()
    {
        var driver = new NamespaceComputeDriver(fixture.Lab);
        var ct = TestContext.Current.CancellationToken;
        // What a bind killed after `ip netns add` and the veth pair leaves: the namespace and the host end, no state record.
        var ns = $"fnl-{fixture.Lab.Options.Id}-v-vm3";
        var host = fixture.Ns("kuas-rack1");
        Shell.Run("ip", "netns", "add", ns);
        Shell.Run("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "vf000103", "netns", host);

        var vm3 = await driver.BindAsync(new VmSpec("vm3", "kuas-rack1", "02:fe:00:00:01:03", "10.50.0.3/24"), ct);
        try
        {
            Assert.Equal(ns, vm3.VmNamespace);
            Assert.Contains("02:fe:00:00:01:03", Shell.Run("ip", "-n", ns, "link", "show", "eth0"), StringComparison.Ordinal);
            Assert.Contains("10.50.0.3/24", Shell.Run("ip", "-n", ns, "addr", "show", "eth0"), StringComparison.Ordinal);
            Assert.Contains("vf000103", Shell.Run("ip", "-n", host, "link", "show", "vf000103"), StringComparison.Ordinal);
            Assert.Equal(["vm3"], fixture.Lab.ReadState().Vms.Select(v => v.Name));
        }
        finally
        {
            await driver.UnbindAsync("vm3", ct);
        }
        Assert.DoesNotContain(ns, Shell.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vm_BadRequests_ClearErrors()
    {
        var driver = new NamespaceComputeDriver(fixture.Lab);
        var ct = TestContext.Current.CancellationToken;
        var e1 = await Assert.ThrowsAsync<LabException>(() =>
            driver.BindAsync(new VmSpec("x", "nohost", "02:fe:00:00:09:01", "10.0.0.1/24"), ct));
        Assert.Contains("no host named 'nohost'", e1.Message, StringComparison.Ordinal);
        var e2 = await Assert.ThrowsAsync<LabException>(() =>
            driver.BindAsync(new VmSpec("x", "kuas-gw", "02:fe:00:00:09:01", "10.0.0.1/24"), ct));
        Assert.Contains("not a host", e2.Message, StringComparison.Ordinal);
        var e3 = await Assert.ThrowsAsync<LabException>(() =>
            driver.BindAsync(new VmSpec("x", "kuas-rack1", "02:fe:00:00:09:01", "10.0.0.1"), ct));
        Assert.Contains("prefix length", e3.Message, StringComparison.Ordinal);
        var e4 = await Assert.ThrowsAsync<LabException>(() => driver.UnbindAsync("ghost", ct));
        Assert.Contains("no VM named 'ghost'", e4.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Lab.ReadState().Vms);
    }

    /// <summary>tcpdump on one interface of a namespace, for the lifetime of a test step.</summary>
    private sealed class Capture : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _out = new();
        private int _disposed;

        private Capture(Process process) => _process = process;

        public static Capture Start(string ns, string device, string filter)
        {
            var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] where = device == "any" ? ["-i", "any"] : ["-e", "-Q", "in", "-i", device];
            foreach (var a in (string[])["netns", "exec", ns, "tcpdump", "-l", "-nn", "-tt", .. where, filter])
                psi.ArgumentList.Add(a);
            var capture = new Capture(Process.Start(psi)!);
            capture._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                    lock (capture._out)
                        capture._out.AppendLine(e.Data);
            };
            capture._process.BeginOutputReadLine();
            // tcpdump says "listening on" on stderr once the socket is open.
            string? line;
            while ((line = capture._process.StandardError.ReadLine()) is not null && !line.Contains("listening", StringComparison.Ordinal))
            {
            }
            if (line is null)
                throw new InvalidOperationException("tcpdump did not start (apt-get install -y tcpdump)");
            return capture;
        }

        public string Stop()
        {
            Thread.Sleep(200);
            Dispose();
            lock (_out)
                return _out.ToString();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            if (!_process.HasExited)
            {
                ProcessKiller.Terminate(_process.Id);
                _process.WaitForExit();
            }
            _process.Dispose();
        }
    }
}
