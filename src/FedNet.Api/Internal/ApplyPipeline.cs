using System.Collections.Immutable;
using FedNet.Api.Contracts;
using FedNet.Model;
using FedNet.Planning;
using FedNet.Store;
using Microsoft.Extensions.Logging;

namespace FedNet.Api.Internal;

/// <summary>
/// Every write goes through here: read and check the body, then inside one global gate (allocations are
/// federation-wide) the version check, validation against everything stored, the plan (incremental for one service)
/// and the store commit; the reconcile is requested after the gate is released.
/// </summary>
internal sealed class ApplyPipeline(IFedNetStore store, StatusBoard board, ReconcileLoop reconciler, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot _current = Snapshot.Empty;

    /// <summary>What the server believes the store holds, with the plan of it. Immutable; replaced after every commit.</summary>
    internal sealed record Snapshot(
        long Revision,
        StoredFederation? StoredFederation,
        Federation? Federation,
        ImmutableSortedDictionary<ServiceKey, StoredService> Services,
        NetworkPlan? Plan,
        Allocations Allocations,
        ValidationIndex? Index = null)
    {
        public static Snapshot Empty { get; } = new(0, null, null, ImmutableSortedDictionary<ServiceKey, StoredService>.Empty, null, Allocations.Empty);
    }

    public Snapshot Current => _current;

    public static string Label(ServiceKey key) => $"tenants/{key.Tenant}/services/{key.Service}";

    public const string FederationLabel = "federation";

    /// <summary>Loads the store, plans what it holds with its allocations and asks for a reconcile of every switch.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await store.ReadAsync(cancellationToken);
        Federation? federation = null;
        if (snapshot.Federation is { } f)
        {
            var read = DescriptionReader.ReadFederation(f.Yaml, FederationLabel);
            if (read.Value is null)
                ApiLog.StoredFederationUnreadable(logger, string.Join("; ", read.Errors));
            federation = read.Value;
        }
        var models = new List<Service>();
        foreach (var s in snapshot.Services)
        {
            var read = DescriptionReader.ReadService(s.Yaml, Label(new ServiceKey(s.Tenant, s.Name)));
            if (read.Value is null)
                ApiLog.StoredServiceUnreadable(logger, s.Tenant, s.Name, string.Join("; ", read.Errors));
            else
                models.Add(read.Value);
        }
        var plan = federation is null ? null : Planner.Plan(federation, models, snapshot.Allocations);
        _current = new Snapshot(snapshot.Revision, snapshot.Federation, federation,
            snapshot.Services.ToImmutableSortedDictionary(s => new ServiceKey(s.Tenant, s.Name), s => s), plan, plan?.Allocations ?? snapshot.Allocations,
            plan is null ? null : ValidationIndex.Build(plan.Federation, plan.Services.Values));
        foreach (var key in _current.Services.Keys)
            board.MarkLoaded(key, snapshot.Revision);
        if (plan is not null)
            reconciler.Request(plan, snapshot.Revision);
    }

    /// <summary>
    /// Seeds an empty store from description files (the federation and one YAML text per service), as one commit; a
    /// store that already holds a federation is left alone. Returns false when it was not empty.
    /// </summary>
    public async Task<bool> SeedAsync(string federationYaml, IReadOnlyList<string> serviceYamls, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var s = _current;
            if (s.StoredFederation is not null)
                return false;
            var federation = ReadFederation(federationYaml);
            var services = new List<(Service Model, string Yaml)>();
            foreach (var yaml in serviceYamls)
            {
                var first = DescriptionReader.ReadService(yaml, "seed");
                if (first.Value is null)
                    throw ApiProblemException.Invalid("a seed service is invalid", YamlBody.Map(first.Errors, "seed", yaml));
                var key = new ServiceKey(first.Value.Tenant, first.Value.Name);
                services.Add((ReadService(yaml, key), yaml));
            }
            Validate(federation, [.. services.Select(x => x.Model)], FederationLabel, federationYaml);
            var plan = Planner.Plan(federation, services.Select(x => x.Model), s.Allocations);
            var commit = new StoreCommit("serve --federation (seed)", $"seed federation {federation.Name} and {services.Count} service(s)",
                new FederationWrite(federation.Name, federationYaml, 0),
                [.. services.Select(x => new ServiceWrite(x.Model.Tenant, x.Model.Name, x.Yaml, 0))], plan.Allocations);
            var result = await store.CommitAsync(commit, CancellationToken.None);
            _current = new Snapshot(result.Revision, result.Federation, federation,
                result.Services.ToImmutableSortedDictionary(x => new ServiceKey(x.Tenant, x.Name), x => x), plan, plan.Allocations,
                ValidationIndex.Build(federation, plan.Services.Values));
            foreach (var key in _current.Services.Keys)
                board.MarkApplying(key, result.Revision);
            ApiLog.Committed(logger, result.Revision, commit.Actor, commit.Summary);
            reconciler.Request(plan, result.Revision);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates or replaces one service. <paramref name="expected"/>: null = any, 0 = must not exist, n = at version n.</summary>
    public async Task<(ApplyResultDto Result, bool Created)> ApplyServiceAsync(Caller caller, ServiceKey key, string yaml, long? expected,
        CancellationToken cancellationToken = default)
    {
        var service = ReadService(yaml, key);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var s = _current;
            var previous = RequirePlan(s);
            var current = s.Services.TryGetValue(key, out var c) ? c : null;
            CheckVersion(expected, current?.Version ?? 0, $"service '{key.Tenant}/{key.Service}'");
            ValidateService(s, previous, service, key, yaml);
            var update = Planner.Plan(previous, new UpsertService(service));
            var diff = PlanDiffs.Of(previous, update.Plan, [key], update.Delta.Upserted.Keys.Concat(update.Delta.Removed));
            var commit = new StoreCommit(caller.Actor, $"apply {key.Tenant}/{key.Service}", null,
                [new ServiceWrite(key.Tenant, key.Service, yaml, current?.Version ?? 0)], update.Plan.Allocations);
            var result = await CommitAsync(commit);
            var stored = result.Services.Single();
            _current = s with
            {
                Revision = result.Revision,
                Services = s.Services.SetItem(key, stored),
                Plan = update.Plan,
                Allocations = update.Plan.Allocations,
                Index = s.Index?.With(service),
            };
            board.MarkApplying(key, result.Revision);
            reconciler.Request(update.Plan, result.Revision);
            return (new ApplyResultDto(key.Tenant, key.Service, stored.Version, result.Revision, ETag(stored.Version), ServiceStates.Applying, diff),
                current is null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes one service; null when it does not exist.</summary>
    public async Task<ApplyResultDto?> DeleteServiceAsync(Caller caller, ServiceKey key, long? expected, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var s = _current;
            if (!s.Services.TryGetValue(key, out var current))
                return null;
            CheckVersion(expected, current.Version, $"service '{key.Tenant}/{key.Service}'");
            var previous = RequirePlan(s);
            var update = Planner.Plan(previous, new RemoveService(key.Tenant, key.Service));
            var diff = PlanDiffs.Of(previous, update.Plan, [key], update.Delta.Upserted.Keys.Concat(update.Delta.Removed));
            var commit = new StoreCommit(caller.Actor, $"delete {key.Tenant}/{key.Service}", null,
                [new ServiceWrite(key.Tenant, key.Service, null, current.Version)], update.Plan.Allocations);
            var result = await CommitAsync(commit);
            _current = s with
            {
                Revision = result.Revision,
                Services = s.Services.Remove(key),
                Plan = update.Plan,
                Allocations = update.Plan.Allocations,
                Index = s.Index?.Without(key),
            };
            board.Remove(key, result.Revision);
            reconciler.Request(update.Plan, result.Revision);
            return new ApplyResultDto(key.Tenant, key.Service, 0, result.Revision, "", ServiceStates.Applying, diff);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What applying <paramref name="yaml"/> to <paramref name="key"/> would change; nothing is written.</summary>
    public PlanDiffDto PlanService(ServiceKey key, string yaml)
    {
        var service = ReadService(yaml, key);
        var s = _current;
        var previous = RequirePlan(s);
        ValidateService(s, previous, service, key, yaml);
        var update = Planner.Plan(previous, new UpsertService(service));
        return PlanDiffs.Of(previous, update.Plan, [key], update.Delta.Upserted.Keys.Concat(update.Delta.Removed));
    }

    /// <summary>Creates or replaces the federation; every stored service is re-validated and re-planned over it.</summary>
    public async Task<ApplyResultDto> ApplyFederationAsync(Caller caller, string yaml, long? expected, CancellationToken cancellationToken = default)
    {
        var federation = ReadFederation(yaml);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var s = _current;
            CheckVersion(expected, s.StoredFederation?.Version ?? 0, "the federation");
            var services = s.Plan?.Services.Values.ToList() ?? [];
            Validate(federation, services, FederationLabel, yaml);
            var plan = Planner.Plan(federation, services, s.Allocations);
            var diff = PlanDiffs.Of(s.Plan, plan, s.Services.Keys, PlanDiffs.ChangedSwitches(s.Plan, plan));
            var commit = new StoreCommit(caller.Actor, $"apply federation {federation.Name}",
                new FederationWrite(federation.Name, yaml, s.StoredFederation?.Version ?? 0), [], plan.Allocations);
            var result = await CommitAsync(commit);
            var stored = result.Federation ?? throw new InvalidOperationException("the store did not return the federation it wrote");
            _current = s with
            {
                Revision = result.Revision,
                StoredFederation = stored,
                Federation = federation,
                Plan = plan,
                Allocations = plan.Allocations,
                Index = ValidationIndex.Build(plan.Federation, plan.Services.Values),
            };
            foreach (var key in s.Services.Keys)
                board.MarkApplying(key, result.Revision);
            reconciler.Request(plan, result.Revision);
            return new ApplyResultDto(null, null, stored.Version, result.Revision, ETag(stored.Version), ServiceStates.Applying, diff);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static string ETag(long version) => $"\"{version}\"";

    private async Task<CommitResult> CommitAsync(StoreCommit commit)
    {
        try
        {
            // Not cancellable: once the transaction may have committed, the snapshot must follow the store.
            var result = await store.CommitAsync(commit, CancellationToken.None);
            ApiLog.Committed(logger, result.Revision, commit.Actor, commit.Summary);
            return result;
        }
        catch (StoreConflictException e)
        {
            throw ApiProblemException.PreconditionFailed(e.Message);
        }
    }

    private static NetworkPlan RequirePlan(Snapshot s) =>
        s.Plan ?? throw ApiProblemException.Conflict("there is no federation yet: an operator must PUT /api/v1/federation first");

    private static void CheckVersion(long? expected, long actual, string what)
    {
        if (expected is not { } e || e == actual)
            return;
        if (e == long.MaxValue)
        {
            // If-Match: * (any existing version).
            if (actual > 0)
                return;
            throw ApiProblemException.PreconditionFailed($"If-Match: * but {what} does not exist");
        }
        throw ApiProblemException.PreconditionFailed(e == 0
            ? $"If-None-Match: * but {what} exists (version {actual})"
            : actual == 0 ? $"If-Match: \"{e}\" but {what} does not exist" : $"If-Match: \"{e}\" but {what} is at version {actual} (ETag \"{actual}\")");
    }

    private static Service ReadService(string yaml, ServiceKey key)
    {
        var label = Label(key);
        var read = DescriptionReader.ReadService(yaml, label);
        if (read.Value is not { } service)
            throw ApiProblemException.Invalid($"the service description has {read.Errors.Count} error(s)", YamlBody.Map(read.Errors, label, yaml));
        var errors = new List<ValidationErrorDto>();
        if (service.Tenant != key.Tenant)
            errors.Add(new ValidationErrorDto("$.tenant", service.Location.Line, service.Location.Column,
                $"the body's tenant '{service.Tenant}' is not the path's '{key.Tenant}'"));
        if (service.Name != key.Service)
            errors.Add(new ValidationErrorDto("$.service", service.Location.Line, service.Location.Column,
                $"the body's service '{service.Name}' is not the path's '{key.Service}'"));
        if (errors.Count > 0)
            throw ApiProblemException.Invalid("the body does not describe the service its path names", errors);
        return service;
    }

    private static Federation ReadFederation(string yaml)
    {
        var read = DescriptionReader.ReadFederation(yaml, FederationLabel);
        return read.Value ?? throw ApiProblemException.Invalid($"the federation description has {read.Errors.Count} error(s)",
            YamlBody.Map(read.Errors, FederationLabel, yaml));
    }

    /// <summary>
    /// Validates one changed service against the stored ones through the index kept with the enforced plan (the changed
    /// service with only those it can clash with); equal to validating every stored service again (see ValidationIndex).
    /// </summary>
    private static void ValidateService(Snapshot s, NetworkPlan previous, Service service, ServiceKey key, string yaml)
    {
        var result = s.Index is { } index
            ? index.Validate(service, previous.Services.Values)
            : Validator.Validate(s.Federation!, [.. previous.Services.Values.Where(x => new ServiceKey(x.Tenant, x.Name) != key), service]);
        if (result.Errors.Count > 0)
            throw ApiProblemException.Invalid($"the description has {result.Errors.Count} error(s)", YamlBody.Map(result.Errors, Label(key), yaml));
    }

    private static void Validate(Federation federation, IReadOnlyList<Service> services, string label, string yaml)
    {
        var result = Validator.Validate(federation, services);
        if (result.Errors.Count > 0)
            throw ApiProblemException.Invalid($"the description has {result.Errors.Count} error(s)", YamlBody.Map(result.Errors, label, yaml));
    }
}
