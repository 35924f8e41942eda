using FedNet.Control.Internal;
using FedNet.Lab;

namespace FedNet.Control;

/// <summary>
/// Makes a migrated VM announce itself with a gratuitous ARP sent from inside the VM (here: the lab VM's namespace,
/// through its <c>eth0</c>), as a hypervisor does after a live migration, so learning switches and peers' caches
/// hear where it is now. FedNet's own flows need no learning; the announcement is for everything else on the path.
/// </summary>
public sealed class MigrationAnnouncer
{
    private readonly Func<string, string?> _namespaceOf;

    /// <summary>Creates an announcer; <paramref name="namespaceOf"/> maps an endpoint name to its VM namespace.</summary>
    public MigrationAnnouncer(Func<string, string?> namespaceOf) => _namespaceOf = namespaceOf;

    /// <summary>How many gratuitous ARPs to send per vif (a lost first one is covered by the next). Default 3.</summary>
    public int Count { get; init; } = 3;

    /// <summary>Spacing between them. Default 20 ms.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The announcer for a running lab (VM namespaces from its state file).</summary>
    public static MigrationAnnouncer ForLab(FederationLab lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return new MigrationAnnouncer(name => lab.ReadState().Vm(name)?.Namespace);
    }

    /// <summary>Sends <see cref="Count"/> gratuitous ARPs for <paramref name="vif"/> from inside its VM.</summary>
    public async Task AnnounceAsync(VifPlacement vif, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vif);
        var ns = _namespaceOf(vif.Name) ?? throw new ControlException($"VM endpoint {vif.Name} has no namespace to announce from");
        using var socket = MigrationRawSocket.Open(ns, "eth0");
        var frame = MigrationRawSocket.GratuitousArp(vif.Mac, vif.Ip);
        for (var i = 0; i < Count; i++)
        {
            if (i > 0)
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
            socket.Send(frame);
        }
    }
}
