namespace FedNet.Api.Contracts;

/// <summary>
/// The answer to a write (<c>PUT</c>/<c>DELETE</c> of a service, <c>PUT</c> of the federation): what was committed and
/// what it changes. The reconcile goes on in the background; follow it with <c>…/status</c> or <c>…/events</c>.
/// </summary>
/// <param name="Tenant">The service's tenant (null for the federation).</param>
/// <param name="Service">The service's name (null for the federation).</param>
/// <param name="Version">The resource's new version (0 after a delete).</param>
/// <param name="Revision">The store revision of the commit.</param>
/// <param name="Etag">The new ETag (<c>"&lt;version&gt;"</c>; empty after a delete).</param>
/// <param name="Status">applying right after the commit (see <see cref="ServiceStates"/>).</param>
/// <param name="Diff">What the commit changes.</param>
public sealed record ApplyResultDto(string? Tenant, string? Service, long Version, long Revision, string Etag, string Status, PlanDiffDto Diff);
