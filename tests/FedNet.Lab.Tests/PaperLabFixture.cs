using Xunit;

namespace FedNet.Lab.Tests;

/// <summary>One paper lab shared by the tests that only look at it (up once, down at the end, even on failure).</summary>
public sealed class PaperLabFixture : IAsyncLifetime
{
    public LabOptions Options { get; } = Topologies.FreshOptions();

    public FederationLab Lab { get; private set; } = null!;

    public LabState State { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Lab = new FederationLab(Options);
        State = await Lab.UpAsync(Topologies.Paper());
    }

    public async ValueTask DisposeAsync() => await Lab.DownAsync();

    public string Ns(string node) => State.Node(node)!.Namespace;
}
