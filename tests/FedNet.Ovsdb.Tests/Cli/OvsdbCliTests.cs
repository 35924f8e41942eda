using System.Text.Json.Nodes;
using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests.Cli;

/// <summary>
/// <c>fednet ovsdb show|transact</c> run as a process (the CLI the build produces,
/// <c>src/FedNet.Cli/bin/Release/net10.0/fednet.dll</c>) against a real Open vSwitch.
/// </summary>
public sealed class OvsdbCliTests(OvsFixture fixture) : IClassFixture<OvsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Show_BridgeAndPortsMadeWithVsctl_PrintsTheSameBridgeBlockAsVsctl()
    {
        var br = Names.Bridge();
        var tunnel = Names.Port();
        var internalPort = Names.Port();
        fixture.Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev", "fail_mode=secure",
            "--", "add-port", br, tunnel, "--", "set", "interface", tunnel, "type=vxlan", "options:remote_ip=192.0.2.7", "options:key=5001",
            "--", "add-port", br, internalPort, "tag=42", "--", "set", "interface", internalPort, "type=internal");
        try
        {
            var (exit, output, error) = await RunFednetAsync("ovsdb", "show", fixture.Ovs.DbTarget);

            Assert.True(exit == 0, $"exit {exit}: {error}");
            var vsctl = fixture.Ovs.Vsctl("show");
            TestContext.Current.TestOutputHelper?.WriteLine($"fednet:\n{output}\novs-vsctl:\n{vsctl}");
            var ours = BridgeBlock(output, br);
            Assert.Contains($"        Port {tunnel}", ours);
            Assert.Contains($"            Interface {tunnel}", ours);
            Assert.Contains("                type: vxlan", ours);
            Assert.Contains($"        Port {internalPort}", ours);
            Assert.Contains("            tag: 42", ours);
            Assert.Contains("                type: internal", ours);
            // ovs-vsctl lists ports in hash order, fednet by name: same bridge lines, same port blocks.
            Assert.Equal(Normalised(BridgeBlock(vsctl, br)), Normalised(ours));
        }
        finally
        {
            fixture.Ovs.Vsctl("--if-exists", "del-br", br);
        }
    }

    [Fact]
    public async Task Transact_InsertBridgeWithPort_VsctlSeesIt()
    {
        var br = Names.Bridge();
        var owner = Names.Owner();
        var json = $$"""
            ["Open_vSwitch",
             {"op": "insert", "table": "Interface", "row": {"name": "{{br}}", "type": "internal"}, "uuid-name": "iface"},
             {"op": "insert", "table": "Port", "row": {"name": "{{br}}", "interfaces": ["named-uuid", "iface"]}, "uuid-name": "port"},
             {"op": "insert", "table": "Bridge", "uuid-name": "bridge",
              "row": {"name": "{{br}}", "datapath_type": "netdev", "ports": ["named-uuid", "port"],
                      "external_ids": ["map", [["owner", "{{owner}}"]]]} },
             {"op": "mutate", "table": "Open_vSwitch", "where": [],
              "mutations": [["bridges", "insert", ["set", [["named-uuid", "bridge"]]]]]}]
            """;
        try
        {
            var (exit, output, error) = await RunFednetAsync("ovsdb", "transact", fixture.Ovs.DbTarget, json);

            Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
            var results = JsonNode.Parse(output)!.AsArray();
            Assert.Equal(4, results.Count);
            Assert.Equal("uuid", (string)results[2]!["uuid"]![0]!);
            Assert.Equal(results[2]!["uuid"]![1]!.ToString(), fixture.Ovs.Vsctl("get", "bridge", br, "_uuid").Trim());
            Assert.Contains(br, fixture.Ovs.Vsctl("list-br").Split('\n'));
            Assert.Equal("internal", fixture.Ovs.Vsctl("get", "interface", br, "type").Trim());
            Assert.Equal(owner, fixture.Ovs.Vsctl("get", "bridge", br, "external_ids:owner").Trim().Trim('"'));
        }
        finally
        {
            fixture.Ovs.Vsctl("--if-exists", "del-br", br);
        }
    }

    [Fact]
    public async Task Transact_MalformedJson_Exits65NamingLineAndColumn()
    {
        var (exit, output, error) = await RunFednetAsync("ovsdb", "transact", fixture.Ovs.DbTarget, "[\n {\"op\": }]");

        Assert.Equal(65, exit);
        Assert.Equal("", output);
        Assert.StartsWith("fednet ovsdb transact: JSON:2:9:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowAndTransact_NothingListening_Exit69NamingTheSocket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fednet-no-db-{Guid.NewGuid():n}.sock");

        var show = await RunFednetAsync("ovsdb", "show", "unix:" + path);
        var transact = await RunFednetAsync("ovsdb", "transact", "unix:" + path, """[{"op":"comment","comment":"x"}]""");

        Assert.Equal(69, show.Exit);
        Assert.Contains(path, show.Error, StringComparison.Ordinal);
        Assert.Equal(69, transact.Exit);
        Assert.Contains(path, transact.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transact_OperationTheServerRejects_Exits1AndPrintsTheError()
    {
        var br = Names.Bridge();
        fixture.Ovs.Vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=netdev");
        try
        {
            // A second Bridge row with the same name breaks the table's index (RFC 7047 4.1.3, "constraint violation").
            var json = $$"""
                [{"op": "insert", "table": "Bridge", "row": {"name": "{{br}}"}, "uuid-name": "b"},
                 {"op": "mutate", "table": "Open_vSwitch", "where": [],
                  "mutations": [["bridges", "insert", ["set", [["named-uuid", "b"]]]]]}]
                """;

            var (exit, output, error) = await RunFednetAsync("ovsdb", "transact", fixture.Ovs.DbTarget, json);

            Assert.True(exit == 1, $"exit {exit}: {error}\n{output}");
            Assert.Contains("constraint violation", output, StringComparison.Ordinal);
            Assert.Single(fixture.Ovs.Vsctl("--columns=name", "find", "bridge", $"name={br}").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            fixture.Ovs.Vsctl("--if-exists", "del-br", br);
        }
    }

    /// <summary>The lines of bridge <paramref name="bridge"/> in <c>show</c> text: its header and everything indented below it.</summary>
    private static List<string> BridgeBlock(string show, string bridge)
    {
        var lines = show.Split('\n');
        var start = Array.IndexOf(lines, $"    Bridge {bridge}");
        Assert.True(start >= 0, $"no `Bridge {bridge}` in\n{show}");
        return [lines[start], .. lines.Skip(start + 1).TakeWhile(l => l.StartsWith("        ", StringComparison.Ordinal))];
    }

    /// <summary>A bridge block with its port blocks (a Port line and the lines below it) sorted, each joined into one string.</summary>
    private static List<string> Normalised(List<string> block)
    {
        var parts = new List<string>();
        foreach (var line in block)
        {
            if (parts.Count == 0 || line.StartsWith("        Port ", StringComparison.Ordinal) || !line.StartsWith("            ", StringComparison.Ordinal))
                parts.Add(line);
            else
                parts[^1] += "\n" + line;
        }
        return [parts[0], .. parts.Skip(1).Order(StringComparer.Ordinal)];
    }

    private static Task<(int Exit, string Output, string Error)> RunFednetAsync(params string[] args) =>
        FednetCli.RunAsync(args, Ct);
}
