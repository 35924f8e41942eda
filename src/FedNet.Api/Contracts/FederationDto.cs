namespace FedNet.Api.Contracts;

/// <summary>The stored federation (<c>GET /api/v1/federation</c>).</summary>
/// <param name="Name">The federation's name.</param>
/// <param name="Version">Its version (the ETag is <c>"&lt;version&gt;"</c>).</param>
/// <param name="Sites">One line per site.</param>
/// <param name="Transits">The transits' names, in file order.</param>
/// <param name="Yaml">The description as stored.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record FederationDto(
    string Name,
    long Version,
    IReadOnlyList<SiteSummaryDto> Sites,
    IReadOnlyList<string> Transits,
    string Yaml,
    DateTimeOffset UpdatedAt);

/// <summary>One site of the federation, summarized.</summary>
/// <param name="Name">The site's name.</param>
/// <param name="Hosts">Its hosts' names.</param>
/// <param name="Gateway">Its gateway's name, if it has one.</param>
public sealed record SiteSummaryDto(string Name, IReadOnlyList<string> Hosts, string? Gateway);
