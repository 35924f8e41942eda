using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FedNet.Lab;
using FedNet.Planning;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>The paper lab with one small service whose VM <c>vm</c> migrates from kuas to ntust.</summary>
public sealed class MigrationFixture : IAsyncLifetime
{
    public const string Service = """
        tenant: mover
        service: live
        networks:
          - { name: net, cidr: 10.9.0.0/24 }
        vms:
          - name: vm
            placement: { host: kuas-rack1 }
            interfaces: [{ network: net, ip: 10.9.0.10 }]
          - name: peer
            placement: { host: kuas-rack2 }
            interfaces: [{ network: net, ip: 10.9.0.20 }]
          - name: far
            placement: { host: ncku-h1 }
            interfaces: [{ network: net, ip: 10.9.0.30 }]
        """;

    private readonly string _servicePath = Path.Combine(Path.GetTempPath(), $"fednet-migration-{Guid.NewGuid():N}.yaml");

    public LabOptions Options { get; } = Examples.FreshLab();

    public FederationLab Lab { get; private set; } = null!;

    public FedNetController Controller { get; private set; } = null!;

    public NetworkPlan Plan { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ip", "ping", "ethtool", "stdbuf");
        await File.WriteAllTextAsync(_servicePath, Service);
        Lab = new FederationLab(Options);
        await Lab.UpAsync(LabTopology.Load(Examples.Paper));
        var set = LabDeployment.Load(Examples.Paper, [_servicePath]);
        Controller = new FedNetController(NodeEndpoint.FromLab(Lab.ReadState()));
        (Plan, var report) = await LabDeployment.DeployAsync(Lab, set, Controller);
        if (!report.Succeeded)
            throw new InvalidOperationException("deployment failed:\n" + string.Join("\n", report.Failed));
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(_servicePath);
        if (Controller is not null)
            await Controller.DisposeAsync();
        // Debugging aid: keep the lab for inspection (remove it with `fednet lab down --id ID`).
        if (Environment.GetEnvironmentVariable("FEDNET_KEEP_LAB") != "1")
            await Lab.DownAsync();
    }
}

/// <summary>Live migration kuas → ntust: planner input change, endpoint move, partial reconcile, gratuitous ARP.</summary>
public sealed partial class MigrationTests(MigrationFixture fixture) : IClassFixture<MigrationFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void MigrationPlanner_VmToAnotherSite_KeepsMacAndIpAndChangesOnlySomeSwitches()
    {
        var before = VifPlacement.All(fixture.Plan).Single(v => v.Name == "mover.vm");

        var update = MigrationPlanner.Plan(fixture.Plan, "mover", "live", "vm", site: "ntust");

        var after = VifPlacement.All(update.Plan).Single(v => v.Name == "mover.vm");
        Assert.Equal("ntust-h1", after.Host);
        Assert.Equal(before.Mac, after.Mac);
        Assert.Equal(before.Ip, after.Ip);
        var changed = update.Delta.Upserted.Keys.Select(k => k.Node).ToHashSet();
        Assert.Contains("kuas-rack1", changed);
        Assert.Contains("ntust-h1", changed);
        Assert.Contains("ntust-gw", changed);
        // ncku keeps reaching the VM the same way (out of its gateway onto the VPLS): nothing there changes.
        Assert.DoesNotContain("ncku-h1", changed);
        Assert.DoesNotContain("ncku-gw", changed);
    }

    [Fact]
    public void MigrationPlanner_UnknownVmOrSite_ThrowsNamingIt()
    {
        Assert.Contains("'nope'", Assert.Throws<ControlException>(() => MigrationPlanner.Plan(fixture.Plan, "mover", "live", "nope", site: "ntust")).Message,
            StringComparison.Ordinal);
        Assert.Contains("'mars'", Assert.Throws<ControlException>(() => MigrationPlanner.Plan(fixture.Plan, "mover", "live", "vm", site: "mars")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_KuasToNtustWhilePeerPingsEvery10ms_ReachabilityResumesAndLossWindowIsReported()
    {
        var state = fixture.Lab.ReadState();
        var vm = VifPlacement.All(fixture.Plan).Single(v => v.Name == "mover.vm");
        var far = VifPlacement.All(fixture.Plan).Single(v => v.Name == "mover.far");
        var peerNs = state.Vm("mover.peer")!.Namespace;
        Assert.True(await Reachability.PingAsync(peerNs, vm, Token), "peer must reach vm before the migration");

        using var pinger = PingProcess.Start(peerNs, vm.IpText);
        await pinger.WaitForRepliesAsync(20, TimeSpan.FromSeconds(20), Token);
        var update = MigrationPlanner.Plan(fixture.Plan, "mover", "live", "vm", site: "ntust");
        var coordinator = VmCoordinator.ForLab(fixture.Lab);
        var migrationStart = DateTimeOffset.UtcNow;

        var report = await fixture.Controller.MigrateAsync(update, coordinator, Token);
        var migrationEnd = DateTimeOffset.UtcNow;

        // A reply sent after the migration completed can only have taken the new path.
        var resumed = await pinger.WaitForReplyAfterAsync(migrationEnd, TimeSpan.FromSeconds(20), Token);
        await pinger.WaitForRepliesAsync(pinger.Replies.Count + 20, TimeSpan.FromSeconds(20), Token);
        pinger.Stop();
        var window = pinger.LossWindow(migrationStart);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"migration: {report}");
        output?.WriteLine($"loss window: {window.Gap.TotalMilliseconds:0} ms between the last reply before and the first after " +
            $"({window.Lost} of {pinger.Sent} echo requests unanswered at 10 ms spacing)");
        output?.WriteLine("replies (seq: ms from migration start): " + string.Join(" ", pinger.Replies.Select(r => $"{r.Seq}:{(r.At - migrationStart).TotalMilliseconds:0}")));
        Console.WriteLine($"[migration] {report}; loss window {window.Gap.TotalMilliseconds:0} ms, {window.Lost} requests lost");

        Assert.True(report.Succeeded, string.Join("\n", report.Reconcile.Failed));
        Assert.True(resumed, "no echo reply after the migration");
        Assert.True(report.SegmentAnnouncements > 0);
        var moved = Assert.Single(report.Moved);
        Assert.Equal("ntust-h1", moved.Host);
        var after = fixture.Lab.ReadState().Vm("mover.vm")!;
        Assert.Equal("ntust-h1", after.Host);
        Assert.Equal(vm.MacText, after.Mac);
        Assert.StartsWith(vm.IpText + "/", after.Address, StringComparison.Ordinal);
        // Only the switches the plan changed were contacted.
        var changed = update.Delta.Upserted.Keys.Select(k => k.Node).ToHashSet();
        Assert.All(report.Reconcile.Switches, s => Assert.Contains(s.Switch.Node, changed));
        // The old host no longer has the port; the new one has it.
        Assert.DoesNotContain(vm.HostInterface, Vsctl("kuas-rack1", "list-ports", "br-int"), StringComparison.Ordinal);
        Assert.Contains(vm.HostInterface, Vsctl("ntust-h1", "list-ports", "br-int"), StringComparison.Ordinal);
        // The far VM (ncku) now reaches it over two transits, and the migrated VM reaches both peers.
        var farNs = fixture.Lab.ReadState().Vm("mover.far")!.Namespace;
        Assert.True(await Reachability.PingAsync(farNs, vm, Token), "ncku's VM does not reach the migrated VM");
        Assert.True(await Reachability.PingAsync(after.Namespace, far, Token), "the migrated VM does not reach ncku's VM");
        // A second reconcile of everything finds nothing to do: the partial reconcile left no switch behind.
        var again = await fixture.Controller.ReconcileAsync(Token);
        Assert.Equal(0, again.FlowMods);
    }

    [Fact]
    public async Task BindAll_EndpointOnAnotherHostThanAFreshPlanSays_MovesItWithTheSameMacAndIp()
    {
        // serve restarted with an edited placement: a full plan from scratch, endpoints still where they were.
        var service = fixture.Plan.Services.Values.Single(s => s.Tenant == "mover");
        var edited = service with
        {
            Vms = Model.ValueList.From(service.Vms.Select(v => v.Name == "vm" ? v with { Site = "ntust", Host = null } : v)),
        };
        var fresh = Planner.Plan(fixture.Plan.Federation, [edited]);
        var before = VifPlacement.All(fixture.Plan);
        var driver = new RecordingDriver();
        var coordinator = new VmCoordinator(driver, _ => Task.FromResult<IReadOnlyCollection<string>>([.. before.Select(v => v.Name)]))
        {
            BoundHosts = _ => Task.FromResult<IReadOnlyDictionary<string, string>>(before.ToDictionary(v => v.Name, v => v.Host)),
        };

        var count = await coordinator.BindAllAsync(fresh, Token);

        Assert.Equal(1, count);
        var old = before.Single(v => v.Name == "mover.vm");
        var moved = Assert.Single(driver.Moved);
        Assert.Equal(new VmSpec("mover.vm", "ntust-h1", old.MacText, $"{old.IpText}/{old.PrefixLength}"), moved);
        Assert.Empty(driver.Bound);
    }

    private sealed class RecordingDriver : IComputeDriver
    {
        public List<VmSpec> Bound { get; } = [];

        public List<VmSpec> Moved { get; } = [];

        public Task<VmBinding> BindAsync(VmSpec vm, CancellationToken cancellationToken = default)
        {
            Bound.Add(vm);
            return Task.FromResult(new VmBinding(vm.Name, vm.Host, "ns", "vf", "vmns"));
        }

        public Task UnbindAsync(string vm, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<VmBinding> MoveAsync(VmSpec vm, CancellationToken cancellationToken = default)
        {
            Moved.Add(vm);
            return Task.FromResult(new VmBinding(vm.Name, vm.Host, "ns", "vf", "vmns"));
        }
    }

    private string Vsctl(string node, params string[] args) =>
        Shell.Run("ovs-vsctl", ["--db=" + fixture.Lab.ReadState().Node(node)!.OvsdbTarget, .. args]);

    /// <summary><c>ping -D -i 0.01</c> inside a namespace, its replies collected with their timestamps.</summary>
    private sealed partial class PingProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<(int Seq, DateTimeOffset At)> _replies = new();
        private int _maxSeq;

        private PingProcess(Process process) => _process = process;

        public IReadOnlyList<(int Seq, DateTimeOffset At)> Replies => [.. _replies.OrderBy(r => r.Seq)];

        public int Sent => _maxSeq;

        public static PingProcess Start(string ns, string ip)
        {
            var psi = new ProcessStartInfo("ip", ["netns", "exec", ns, "stdbuf", "-oL", "ping", "-D", "-n", "-i", "0.01", "-W", "1", ip])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ping");
            var ping = new PingProcess(p);
            p.OutputDataReceived += (_, e) => ping.OnLine(e.Data);
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return ping;
        }

        private void OnLine(string? line)
        {
            if (line is null || ReplyLine().Match(line) is not { Success: true } m)
                return;
            var seconds = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var seq = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            _replies.Enqueue((seq, DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))));
            if (seq > _maxSeq)
                _maxSeq = seq;
        }

        public async Task WaitForRepliesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_replies.Count < count && DateTime.UtcNow < deadline)
                await Task.Delay(50, cancellationToken);
        }

        public async Task<bool> WaitForReplyAfterAsync(DateTimeOffset start, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_replies.Any(r => r.At > start))
                    return true;
                await Task.Delay(50, cancellationToken);
            }
            return false;
        }

        /// <summary>The largest gap between consecutive replies from just before <paramref name="start"/> on, and the requests lost.</summary>
        public (TimeSpan Gap, int Lost) LossWindow(DateTimeOffset start)
        {
            var replies = Replies.OrderBy(r => r.At).ToList();
            var firstIndex = Math.Max(0, replies.FindLastIndex(r => r.At <= start));
            var gap = TimeSpan.Zero;
            for (var i = firstIndex + 1; i < replies.Count; i++)
            {
                var d = replies[i].At - replies[i - 1].At;
                if (d > gap)
                    gap = d;
            }
            var lost = replies.Count == 0 ? 0 : replies.Max(r => r.Seq) - replies.Min(r => r.Seq) + 1 - replies.Count;
            return (gap, lost);
        }

        public void Stop()
        {
            if (!_process.HasExited)
            {
                // Our own child (ip netns exec and stdbuf exec ping in place; stdbuf keeps its output line by line): end it by its PID.
                ProcessKiller.Terminate(_process.Id);
            }
            _process.WaitForExit(5000);
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }

        [GeneratedRegex(@"^\[(\d+\.\d+)\] \d+ bytes from [\d.]+: icmp_seq=(\d+)")]
        private static partial Regex ReplyLine();
    }
}
