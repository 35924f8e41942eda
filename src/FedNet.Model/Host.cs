using System.Net;

namespace FedNet.Model;

/// <summary>A hypervisor node in a site.</summary>
/// <param name="Name">Unique among hosts and gateways of the whole federation.</param>
/// <param name="Site">The site the host belongs to (the site it is listed under).</param>
/// <param name="Segment">The segment of that site the host's trunk is on.</param>
/// <param name="Underlay">The host's underlay (management/tunnel) IPv4 address.</param>
/// <param name="Driver">How its switch is programmed; <c>ovs</c> when not written.</param>
/// <param name="Location">Where the host is described.</param>
public sealed record Host(
    string Name,
    string Site,
    string Segment,
    IPAddress Underlay,
    HostDriver Driver,
    SourceLocation Location = default);
