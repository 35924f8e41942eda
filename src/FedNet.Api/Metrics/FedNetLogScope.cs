using Microsoft.Extensions.Logging;

namespace FedNet.Api.Metrics;

/// <summary>
/// Logging scopes that put <c>Tenant</c>, <c>Service</c> and <c>Switch</c> on every line logged inside them (the console
/// logger shows them with <c>IncludeScopes</c>; structured sinks get them as properties).
/// </summary>
public static class FedNetLogScope
{
    /// <summary>A scope naming a tenant (and a service when known).</summary>
    public static IDisposable? Begin(ILogger logger, string tenant, string? service = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(service is null
            ? new Dictionary<string, object> { ["Tenant"] = tenant }
            : new Dictionary<string, object> { ["Tenant"] = tenant, ["Service"] = service });
    }

    /// <summary>A scope naming a switch (<c>node/bridge</c>), for reconcile work on it.</summary>
    public static IDisposable? BeginSwitch(ILogger logger, string @switch)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new Dictionary<string, object> { ["Switch"] = @switch });
    }
}
