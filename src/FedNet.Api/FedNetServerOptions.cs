using FedNet.Api.Contracts;
using FedNet.Control;
using FedNet.Lab;
using Microsoft.Extensions.Logging;

namespace FedNet.Api;

/// <summary>How <see cref="FedNetServer"/> runs. Every property has a default; <see cref="Validate"/> checks them at start-up.</summary>
public sealed record FedNetServerOptions
{
    /// <summary>The URL Kestrel listens on (<c>http://127.0.0.1:8653</c>; port 0 picks a free one).</summary>
    public string Listen { get; init; } = ApiJson.DefaultServer;

    /// <summary>The store's data directory (<c>$FEDNET_DATA</c>, else <c>/var/lib/fednet</c>).</summary>
    public string DataDirectory { get; init; } = Store.SqliteFedNetStore.DefaultDataDirectory;

    /// <summary>The lab whose switches to program; null serves without one (every switch is reported unreachable).</summary>
    public LabOptions? Lab { get; init; }

    /// <summary>Idle time after which the switches are re-reconciled (drift repaired) and statuses re-judged.</summary>
    public TimeSpan AuditInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The controller's options.</summary>
    public ControllerOptions Controller { get; init; } = ControllerOptions.Default;

    /// <summary>The least severe log level written to the console.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// Log lines as one JSON object each (timestamp, level, category, event id, message, the message's named values and
    /// the tenant/service/switch scopes) for log collectors, instead of one readable line each.
    /// </summary>
    public bool JsonLogs { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public FedNetServerOptions Validate()
    {
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"--listen '{Listen}' is not an http:// URL (such as {ApiJson.DefaultServer})", nameof(Listen));
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("the data directory is empty", nameof(DataDirectory));
        if (AuditInterval <= TimeSpan.Zero)
            throw new ArgumentException("the audit interval must be positive", nameof(AuditInterval));
        Lab?.Validate();
        return this;
    }
}
