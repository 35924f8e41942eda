using System.Net;

namespace FedNet.Model;

/// <summary>A site's edge OpenFlow switch that stitches the site to its transits.</summary>
/// <param name="Name">Unique among hosts and gateways of the whole federation.</param>
/// <param name="Site">The site the gateway belongs to.</param>
/// <param name="Segment">The segment of that site the gateway's <c>seg0</c> trunk is on.</param>
/// <param name="Underlay">The gateway's WAN underlay IPv4 address (tunnel endpoint).</param>
/// <param name="Location">Where the gateway is described.</param>
public sealed record Gateway(
    string Name,
    string Site,
    string Segment,
    IPAddress Underlay,
    SourceLocation Location = default);
