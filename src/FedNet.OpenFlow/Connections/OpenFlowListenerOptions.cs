namespace FedNet.OpenFlow.Connections;

/// <summary>Settings for an <see cref="OpenFlowListener"/>.</summary>
public sealed record OpenFlowListenerOptions
{
    /// <summary>
    /// Where to accept switches, in OVS target syntax (<c>tcp:HOST:PORT</c>, <c>unix:PATH</c>). Default
    /// <c>tcp:127.0.0.1:6653</c>: loopback only, so nothing is exposed unless asked for. Port 0 picks a free port
    /// (see <see cref="OpenFlowListener.LocalEndpoints"/>).
    /// </summary>
    public IReadOnlyList<string> Endpoints { get; init; } = ["tcp:127.0.0.1:6653"];

    /// <summary>Settings for each accepted switch. Default <see cref="SwitchConnectionOptions.Default"/>.</summary>
    public SwitchConnectionOptions Connection { get; init; } = SwitchConnectionOptions.Default;

    /// <summary>The listen backlog. Default 128.</summary>
    public int Backlog { get; init; } = 128;

    /// <summary>Throws naming the first setting that makes no sense, including an unparsable endpoint.</summary>
    public OpenFlowListenerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoints);
        if (Endpoints.Count == 0)
            throw new ArgumentException("at least one endpoint is needed", nameof(Endpoints));
        foreach (var e in Endpoints)
            _ = OpenFlowEndpoint.Parse(e);
        ArgumentNullException.ThrowIfNull(Connection);
        Connection.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Backlog);
        return this;
    }
}
