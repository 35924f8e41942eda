using System.Net;
using FedNet.Api.Contracts;
using FedNet.Control;
using FedNet.Lab;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>The API driving real switches: the paper lab, elearning applied through a PUT.</summary>
public sealed class LabTests
{
    [Fact]
    public async Task PutElearning_PaperLab_ReadyItsVmsPingAcrossTheVpls_DeleteUnbindsThem()
    {
        Prerequisites.Require("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ping", "ethtool");
        var options = Examples.FreshLab();
        var lab = new FederationLab(options);
        try
        {
            await lab.UpAsync(LabTopology.Load(Examples.Paper), cancellationToken: TestContext.Current.CancellationToken);
            await using var api = await ApiServer.StartAsync(lab: options);

            using var put = await api.PutServiceAsync(api.Operator, "school", "elearning", Examples.ElearningYaml);
            var status = await api.SettledAsync("school", "elearning", TimeSpan.FromMinutes(3));
            var plan = api.Server.Controller.Plan!;
            var vifs = VifPlacement.All(plan).Where(v => v.Name is "school.portal.back" or "school.school-db").ToList();
            var pairs = await Reachability.ProbeAsync(plan, lab.ReadState(), vifs, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.True(status.State == ServiceStates.Ready, string.Join("\n", status.Switches));
            Assert.Equal(2, vifs.Count);
            Assert.Equal(2, pairs.Count);
            Assert.All(pairs, p => Assert.True(p.Reached, $"{p.From.Name} -> {p.To.Name} ({p.Path}) not reached"));
            Assert.All(pairs, p => Assert.Equal(PathKind.Vpls, p.Path));

            using var delete = await api.Client(api.Operator).DeleteAsync("/api/v1/tenants/school/services/elearning", TestContext.Current.CancellationToken);
            var deleted = await ApiServer.ReadAsync<ApplyResultDto>(delete);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (api.Server.ReconciledRevision < deleted.Revision)
            {
                Assert.True(DateTime.UtcNow < deadline, "the delete was not reconciled");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            Assert.DoesNotContain(lab.ReadState().Vms, v => v.Name.StartsWith("school.", StringComparison.Ordinal));
        }
        finally
        {
            await lab.DownAsync(cancellationToken: CancellationToken.None);
        }
    }
}
