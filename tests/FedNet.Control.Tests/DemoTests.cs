using FedNet.Cli.Commands;
using FedNet.Lab;
using Xunit;

namespace FedNet.Control.Tests;

/// <summary>The demo's code path (what <c>./fednet demo</c> runs), on its own lab, without the background controller.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_PaperFederation_MatrixIsAllReachableWithinNetworksAndNoneAcross()
    {
        var lab = Examples.FreshLab();
        var settings = new DemoCommand.DemoSettings(lab.Id, lab.Root, StartServer: false);
        var output = new StringWriter();
        try
        {
            var result = await DemoCommand.ExecuteAsync(settings, output, TestContext.Current.CancellationToken);

            Assert.True(result.Report.Succeeded, string.Join("\n", result.Report.Failed));
            Assert.All(result.Pairs.Where(p => p.SameNetwork), p => Assert.True(p.Reached, $"{p.From.Name} -> {p.To.Name} ({p.Path})"));
            Assert.All(result.Pairs.Where(p => !p.SameNetwork), p => Assert.False(p.Reached, $"{p.From.Name} -> {p.To.Name}"));
            Assert.Equal(20, result.Pairs.Count(p => p.SameNetwork));
            Assert.Equal(12 * 11, result.Pairs.Count);
            var text = output.ToString();
            Assert.Contains("✓V", text, StringComparison.Ordinal);
            Assert.Contains("✓M", text, StringComparison.Ordinal);
            Assert.Contains("./fednet demo --down", text, StringComparison.Ordinal);
        }
        finally
        {
            await new FederationLab(lab).DownAsync(cancellationToken: CancellationToken.None);
        }
    }
}
