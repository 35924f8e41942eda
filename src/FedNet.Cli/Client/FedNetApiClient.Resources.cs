using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FedNet.Api.Contracts;

namespace FedNet.Cli.Client;

/// <summary>One typed method per route of the API (s2-api-contract.md).</summary>
public sealed partial class FedNetApiClient
{
    /// <summary>GET /api/v1/federation.</summary>
    public Task<Versioned<FederationDto>> GetFederationAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync<FederationDto>(HttpMethod.Get, "/api/v1/federation", cancellationToken: cancellationToken);

    /// <summary>PUT /api/v1/federation with a YAML body (operator).</summary>
    public Task<Versioned<ApplyResultDto>> PutFederationAsync(string yaml, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ApplyResultDto>(HttpMethod.Put, "/api/v1/federation", Yaml(yaml), ifMatch, _options.ApplyTimeout, cancellationToken);

    /// <summary>GET /api/v1/services (the caller's scope), optionally one tenant's.</summary>
    public async Task<IReadOnlyList<ServiceSummaryDto>> ListServicesAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<ServiceSummaryDto[]>(HttpMethod.Get, "/api/v1/services" + TenantQuery(tenant), cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>GET /api/v1/tenants/{tenant}/services/{name}.</summary>
    public Task<Versioned<ServiceDto>> GetServiceAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ServiceDto>(HttpMethod.Get, ServicePath(tenant, name), cancellationToken: cancellationToken);

    /// <summary>PUT a service's YAML; the answer's status is 201 when it was created, 200 when updated.</summary>
    public Task<Versioned<ApplyResultDto>> ApplyServiceAsync(string tenant, string name, string yaml, long? ifMatch = null,
        CancellationToken cancellationToken = default) =>
        SendJsonAsync<ApplyResultDto>(HttpMethod.Put, ServicePath(tenant, name), Yaml(yaml), ifMatch, _options.ApplyTimeout, cancellationToken);

    /// <summary>POST …/plan: the diff applying <paramref name="yaml"/> would make, without applying it.</summary>
    public async Task<PlanDiffDto> PlanServiceAsync(string tenant, string name, string yaml, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<PlanDiffDto>(HttpMethod.Post, ServicePath(tenant, name) + "/plan", Yaml(yaml), null, _options.ApplyTimeout, cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>DELETE a service.</summary>
    public Task<Versioned<ApplyResultDto>> DeleteServiceAsync(string tenant, string name, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ApplyResultDto>(HttpMethod.Delete, ServicePath(tenant, name), null, ifMatch, _options.ApplyTimeout, cancellationToken);

    /// <summary>GET …/status.</summary>
    public async Task<ServiceStatusDto> GetServiceStatusAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<ServiceStatusDto>(HttpMethod.Get, ServicePath(tenant, name) + "/status", cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>
    /// GET …/events: progress of the current or next apply, ending with the <c>done</c> event (its <c>Step</c> is the
    /// final state). Events whose data is not a progress record are skipped.
    /// </summary>
    public async IAsyncEnumerable<(string Event, ProgressEventDto Progress)> WatchApplyAsync(string tenant, string name,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in StreamEventsAsync(ServicePath(tenant, name) + "/events", cancellationToken).ConfigureAwait(false))
        {
            ProgressEventDto? progress;
            try
            {
                progress = JsonSerializer.Deserialize<ProgressEventDto>(e.Data, Json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (progress is null)
                continue;
            yield return (e.Event, progress);
            if (e.Event == "done")
                yield break;
        }
    }

    /// <summary>GET /api/v1/networks in scope, optionally one tenant's.</summary>
    public async Task<IReadOnlyList<NetworkDto>> ListNetworksAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<NetworkDto[]>(HttpMethod.Get, "/api/v1/networks" + TenantQuery(tenant), cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>GET /api/v1/vms in scope, optionally one tenant's.</summary>
    public async Task<IReadOnlyList<VmDto>> ListVmsAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<VmDto[]>(HttpMethod.Get, "/api/v1/vms" + TenantQuery(tenant), cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>GET /api/v1/tenants/{tenant}/vms/{name}.</summary>
    public async Task<VmDetailDto> GetVmAsync(string tenant, string name, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<VmDetailDto>(HttpMethod.Get, $"/api/v1/tenants/{Escape(tenant)}/vms/{Escape(name)}", cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>POST /api/v1/tokens (operator): a new token; its secret is in the answer only.</summary>
    public async Task<TokenCreatedDto> CreateTokenAsync(TokenRequestDto request, CancellationToken cancellationToken = default) =>
        (await SendJsonAsync<TokenCreatedDto>(HttpMethod.Post, "/api/v1/tokens", JsonBody(request), cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Value;

    /// <summary>True when the answer of an apply says the service was created (201) rather than updated.</summary>
    public static bool WasCreated<T>(Versioned<T> answer) => answer?.Status == HttpStatusCode.Created;

    private static string ServicePath(string tenant, string name) => $"/api/v1/tenants/{Escape(tenant)}/services/{Escape(name)}";

    private static string TenantQuery(string? tenant) => tenant is { Length: > 0 } t ? "?tenant=" + Escape(t) : "";
}
