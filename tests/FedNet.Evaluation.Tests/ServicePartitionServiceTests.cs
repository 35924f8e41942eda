using System.Net;
using System.Net.Sockets;
using FedNet.Control;
using FedNet.Evaluation.ServicePartition;
using FedNet.Evaluation.ServicePartition.Internal;
using FedNet.Lab;
using FedNet.Model;
using FedNet.Planning;

namespace FedNet.Evaluation.Tests;

/// <summary>Figure 6's pieces without a lab: the services on loopback, their options, the descriptions, the WAN floor, namespace sockets.</summary>
public sealed class ServicePartitionServiceTests
{
    [Fact]
    public async Task Session_FiveNodesOnLoopback_EveryInteractionSucceedsAndFansOutAsTable1Says()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = ServiceRoles.All.ToDictionary(r => r, _ => FreePort());
        Uri Url(ServiceRole r) => new($"http://127.0.0.1:{ports[r]}/");
        var nodes = new Dictionary<ServiceRole, ServiceNode>();
        try
        {
            foreach (var role in ServiceRoles.All)
            {
                nodes[role] = ServiceNode.Start(new ServiceNodeOptions(role, new IPEndPoint(IPAddress.Loopback, ports[role]),
                    ServiceNodeOptions.Needs(role).ToDictionary(n => n, Url), new Dictionary<ServiceRole, string>()));
            }
            using var client = SessionGenerator.Client(Url(ServiceRole.Portal), netns: null);

            var results = await SessionGenerator.RunSessionAsync(client, "user7", ct);

            Assert.Equal(Interactions.All, results.Select(r => r.Interaction));
            Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Interaction}: {r.Status} {r.Error}"));
            Assert.All(results, r => Assert.True(r.Milliseconds > 0));
            Assert.Equal(1, nodes[ServiceRole.SchoolDb].Served["users"]);
            Assert.Equal(1, nodes[ServiceRole.SchoolDb].Served["profiles"]);
            Assert.Equal(4, nodes[ServiceRole.Auth].Served["sessions"]);
            Assert.Equal(1, nodes[ServiceRole.AppServer].Served["posts"]);
            Assert.Equal(1, nodes[ServiceRole.AppServer].Served["content"]);
            Assert.Equal(1, nodes[ServiceRole.BackendDb].Served["objects"]);
        }
        finally
        {
            foreach (var n in nodes.Values)
                await n.DisposeAsync();
        }
    }

    [Fact]
    public async Task Session_UpstreamDown_PortalAnswers502AndTheSessionFails()
    {
        var ct = TestContext.Current.CancellationToken;
        var dead = FreePort();
        var portalPort = FreePort();
        var upstreams = ServiceNodeOptions.Needs(ServiceRole.Portal).ToDictionary(n => n, _ => new Uri($"http://127.0.0.1:{dead}/"));
        await using var portal = ServiceNode.Start(new ServiceNodeOptions(ServiceRole.Portal, new IPEndPoint(IPAddress.Loopback, portalPort), upstreams,
            new Dictionary<ServiceRole, string>()));
        using var client = SessionGenerator.Client(portal.Url, netns: null);

        var results = await SessionGenerator.RunSessionAsync(client, "user1", ct);

        Assert.Equal(502, results[0].Status);
        Assert.Contains("school-db", results[0].Error, StringComparison.Ordinal);
        Assert.DoesNotContain(results, r => r.Succeeded);
    }

    [Fact]
    public void Parse_PortalWithoutAppServerUpstream_NamesTheMissingRole()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceNodeOptions.Parse("portal", "10.0.1.2:8080",
            ["auth=http://10.0.1.1:8080/", "school-db=http://10.0.2.20:8080/"], []));
        Assert.Contains("app-server", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cashier", "10.0.1.2:8080", "unknown role 'cashier'")]
    [InlineData("auth", "10.0.1.2", "--listen '10.0.1.2'")]
    public void Parse_BadValue_NamesIt(string role, string listen, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceNodeOptions.Parse(role, listen, [], []));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UpstreamAndVia_KeyedByRole()
    {
        var o = ServiceNodeOptions.Parse("app-server", "10.0.2.1:8080", ["backend-db=http://10.0.3.30:8080/"], ["backend-db=fnl-x-v-app.data"]);

        Assert.Equal(ServiceRole.AppServer, o.Role);
        Assert.Equal(new Uri("http://10.0.3.30:8080/"), o.Upstreams[ServiceRole.BackendDb]);
        Assert.Equal("fnl-x-v-app.data", o.Via[ServiceRole.BackendDb]);
    }

    [Fact]
    public void Descriptions_OriginalAndFederatedWithClients_ValidSameServiceDifferentPlacement()
    {
        var dir = Directory.CreateTempSubdirectory("fednet-fig6-test-").FullName;
        try
        {
            var clients = new[] { ("client-visiting", "kuas"), ("client-home", "ncku"), ("client-neutral", "ntust") };
            var paths = new[] { "elearning.yaml", "elearning-original.yaml" }.Select(f =>
            {
                var path = Path.Combine(dir, f);
                File.WriteAllText(path, ElearningDescriptions.WithClients(File.ReadAllText(Path.Combine(Repository.Examples, f)), clients, "front"));
                return path;
            }).ToArray();

            var set = LabDeployment.Load(Path.Combine(Repository.Examples, "federation-paper.yaml"), paths);
            var plan = Planner.Plan(set.Federation, set.Services);
            var vifs = VifPlacement.All(plan);

            var federated = set.Services.Single(s => s.Tenant == "school");
            var original = set.Services.Single(s => s.Tenant == "school-original");
            Assert.Equal(Shape(federated), Shape(original));
            Assert.Equal(federated.Networks.Select(n => (n.Name, n.Cidr.ToString())), original.Networks.Select(n => (n.Name, n.Cidr.ToString())));
            Assert.All(vifs.Where(v => v.Vif.Vm.Tenant == "school-original" && !v.Vif.Vm.Vm.StartsWith("client-", StringComparison.Ordinal)),
                v => Assert.Equal("kuas", v.Site));
            Assert.Equal(["kuas", "ncku", "ntust"], vifs.Where(v => v.Vif.Vm.Tenant == "school" && v.Vif.Vm.Vm != "auth" && !v.Vif.Vm.Vm.StartsWith("client-", StringComparison.Ordinal))
                .Select(v => v.Site).Distinct().Order());
            foreach (var (vm, site) in clients)
            {
                Assert.All(vifs.Where(v => v.Vif.Vm.Vm == vm), v => Assert.Equal((site, "front"), (v.Site, v.Network.Network)));
                Assert.Equal(2, vifs.Count(v => v.Vif.Vm.Vm == vm));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        static string[] Shape(Service s) =>
            [.. s.Vms.Select(vm => vm.Name + ":" + string.Join(",", vm.Interfaces.Select(i => i.Network))).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void WithClients_NoVmsList_Throws() =>
        Assert.Throws<InvalidOperationException>(() => ElearningDescriptions.WithClients("tenant: t\nservice: s\n", [("c", "kuas")], "front"));

    [Fact]
    public void WanFloor_PaperTransits_DirectAndThroughKuas()
    {
        var vpls = Transit(0, "kuas-ncku", "kuas", "ncku", 4, 0.2);
        var gre = Transit(1, "kuas-ntust", "kuas", "ntust", 6, 0.3);
        var floor = new WanFloor([vpls, gre]);

        Assert.Empty(floor.Path("kuas", "kuas"));
        Assert.Equal(0, floor.RoundTripMs("ncku", "ncku"));
        Assert.Equal(7.6, floor.RoundTripMs("kuas", "ncku"), 6);
        Assert.Equal(11.4, floor.RoundTripMs("ntust", "kuas"), 6);
        Assert.Equal(["kuas-ncku", "kuas-ntust"], floor.Path("ncku", "ntust").Select(t => t.Name));
        Assert.Equal(19.0, floor.RoundTripMs("ncku", "ntust"), 6);
        Assert.Throws<InvalidOperationException>(() => floor.Path("kuas", "mars"));
    }

    [Fact]
    public async Task NamespaceSockets_SocketCreatedInANamespace_ReachesItsLoopbackNotOurs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ns = Netns.Create("f6s");
        ns.Run("ip", "link", "set", "lo", "up");
        using var listener = NamespaceSockets.CreateTcp(ns.Name);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        using (var inside = NamespaceSockets.CreateTcp(ns.Name))
        {
            await inside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            using var accepted = await listener.AcceptAsync(ct);
            Assert.True(inside.Connected);
        }
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var e = await Assert.ThrowsAsync<SocketException>(async () => await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public void NamespaceSockets_UnknownNamespace_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => NamespaceSockets.CreateTcp("fednet-no-such-ns"));
        Assert.Contains("fednet-no-such-ns", e.Message, StringComparison.Ordinal);
    }

    private static LabTransitState Transit(int index, string name, string a, string b, double delayMs, double jitterMs) =>
        new(index, name, LabTransitKind.Vpls, a, b, [], new LabWan(TimeSpan.FromMilliseconds(delayMs), TimeSpan.FromMilliseconds(jitterMs), 0, 0), "ns", null, null);

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
