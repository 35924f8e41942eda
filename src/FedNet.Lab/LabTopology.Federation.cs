using FedNet.Model;

namespace FedNet.Lab;

public sealed partial record LabTopology
{
    /// <summary>
    /// The lab for a federation description: every site's segments, hosts and gateway, and every transit in the
    /// description's order (so a VPLS's index is the contract's <c>tr&lt;i&gt;</c>). A transit without WAN figures gets
    /// <see cref="LabWan.Default"/>; one without a rate is not rate-limited.
    /// </summary>
    public static LabTopology FromFederation(Federation federation)
    {
        var sites = federation.Sites.Select(s => new LabSite(
            s.Name,
            new EquatableArray<string>(s.Segments.Select(seg => seg.Name)),
            new EquatableArray<LabNode>(s.Hosts.Select(h =>
                new LabNode(h.Name, LabNodeKind.Host, s.Name, h.Segment, h.Underlay.ToString()))),
            new LabNode(s.Gateway.Name, LabNodeKind.Gateway, s.Name, s.Gateway.Segment, s.Gateway.Underlay.ToString())));
        var transits = federation.Transits.Select(t => new LabTransit(
            t.Name,
            t.Kind == TransitKind.Vpls ? LabTransitKind.Vpls : LabTransitKind.Tunnel,
            t.Sites.Count > 0 ? t.Sites[0] : "",
            t.Sites.Count > 1 ? t.Sites[1] : "",
            new EquatableArray<int>(t.PublicVlans),
            ToLabWan(t.Wan)));
        return new LabTopology(federation.Name, new EquatableArray<LabSite>(sites), new EquatableArray<LabTransit>(transits));
    }

    /// <summary>
    /// Reads and validates a federation description file, then builds its lab. Description errors are thrown as one
    /// <see cref="DescriptionException"/> listing each with file:line:col.
    /// </summary>
    public static LabTopology Load(string path)
    {
        var federation = DescriptionReader.ReadFederation(path).GetValueOrThrow();
        Validator.Validate(federation).ThrowIfInvalid();
        return FromFederation(federation);
    }

    private static LabWan ToLabWan(WanCharacteristics? wan) =>
        wan is null || wan with { Location = default } == WanCharacteristics.None
            ? LabWan.Default
            : new LabWan(wan.Delay, wan.Jitter, wan.LossPercent, wan.RateBitsPerSecond ?? 0);
}
