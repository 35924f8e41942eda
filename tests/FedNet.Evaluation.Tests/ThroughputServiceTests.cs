using FedNet.Control;
using FedNet.Evaluation.Throughput;

namespace FedNet.Evaluation.Tests;

public sealed class ThroughputServiceTests
{
    [Theory]
    [InlineData("federation-paper.yaml")]
    [InlineData("federation-paper-vswitches.yaml")]
    public void Yaml_OnEitherFederation_ValidatesWithAVmPerPath(string federation)
    {
        var dir = Directory.CreateTempSubdirectory("fednet-fig4-test-").FullName;
        try
        {
            var set = LabDeployment.Load(Path.Combine(Repository.Root, "examples", federation), [ThroughputService.WriteTo(dir)]);
            var service = Assert.Single(set.Services);
            var vms = service.Vms.Select(v => v.Name).ToHashSet();
            Assert.Contains(ThroughputPath.SourceVm, vms);
            Assert.All(ThroughputPath.All, p => Assert.Contains(p.Vm, vms));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
