using System.Text;
using System.Text.Json;
using FedNet.Model;
using FedNet.TestSupport;
using Xunit;
using static FedNet.Planning.Tests.Fixtures;

namespace FedNet.Planning.Tests;

/// <summary>
/// The golden guard of the control-interface refactoring (issue #7): for every example federation with the services
/// that fit it, the whole <see cref="PlanJson"/> output must stay byte for byte what the planner wrote before the
/// drivers moved behind <c>IControlDriver</c>. The goldens in Goldens/ were written by the code before that change;
/// regenerate them only for an intended change of output: <c>FEDNET_UPDATE_GOLDENS=1</c> while running this class.
/// </summary>
public sealed class DriversGoldenTests
{
    private const string Extra = "policies-arp-multihop.yaml";

    private static readonly string[] PaperFederations =
        ["federation-paper.yaml", "federation-paper-vswitches.yaml", "federation-paper-vswitches-mixed.yaml"];

    private static readonly string[] PaperServices =
        ["elearning.yaml", "two-tenants-same-subnet.yaml", "latency-32-networks.yaml", "policy-vpls.yaml", Extra];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in PaperFederations)
        {
            // The 32-network example is large; its paths are the same on every driver, so the ovs federation carries it.
            foreach (var s in PaperServices.Where(s => s != "latency-32-networks.yaml" || f == PaperFederations[0]))
                data.Add(f, s);
            data.Add(f, "elearning.yaml+two-tenants-same-subnet.yaml+policy-vpls.yaml+" + Extra);
        }
        data.Add("federation-four-sites.yaml", "four-sites-service.yaml");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PlanJson_ExampleFederationAndServices_EqualsGolden(string federation, string services)
    {
        var files = services.Split('+').Select(Input).ToArray();
        var set = DescriptionSet.Load(Example(federation), files).GetValueOrThrow();
        // Diagnostics name their files: relative to the checkout, so the goldens hold wherever the repository is.
        var actual = Json(Planner.Plan(set.Federation, set.Services)).Replace(Repository.Root + "/", "", StringComparison.Ordinal);
        var golden = Path.Combine(GoldenFolder, Path.GetFileNameWithoutExtension(federation) + "--"
            + string.Join("+", services.Split('+').Select(Path.GetFileNameWithoutExtension)) + ".json");
        if (Environment.GetEnvironmentVariable("FEDNET_UPDATE_GOLDENS") == "1")
            File.WriteAllText(golden, actual);
        Assert.True(File.Exists(golden), $"missing golden {golden} (FEDNET_UPDATE_GOLDENS=1 writes it)");
        var expected = File.ReadAllText(golden);
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
                line++;
            Assert.Fail($"{Path.GetFileName(golden)} differs from line {line + 1}:\n  golden: {At(e, line)}\n  actual: {At(a, line)}");
        }
    }

    [Fact]
    public void Goldens_EveryFileIsACase_NoneStale()
    {
        var expected = Cases().Count();
        Assert.Equal(expected, Directory.GetFiles(GoldenFolder, "*.json").Length);
    }

    private static string GoldenFolder => Path.Combine(Repository.Root, "tests", "FedNet.Planning.Tests", "Goldens");

    private static string Input(string name) => name == Extra ? Path.Combine(GoldenFolder, name) : Example(name);

    private static string At(string[] lines, int i) => i < lines.Length ? lines[i].Trim() : "<end>";

    private static string Json(NetworkPlan plan)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            PlanJson.Write(plan, writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
