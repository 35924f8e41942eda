namespace FedNet.Api.Contracts;

/// <summary>
/// Where a service's reconcile stands (<c>GET …/status</c>): <c>applying</c> while its switches are being programmed,
/// <c>ready</c> when every switch it touches holds the desired state, <c>degraded</c> with each failing switch and why.
/// </summary>
/// <param name="State">applying, ready or degraded (see <see cref="ServiceStates"/>).</param>
/// <param name="Switches">The switches that failed (empty unless degraded).</param>
/// <param name="Revision">The store revision this status is about.</param>
/// <param name="Diagnostics">What the planner could not do as asked (warnings and errors), as <c>file:line:col: message</c>.</param>
public sealed record ServiceStatusDto(string State, IReadOnlyList<SwitchProblemDto> Switches, long Revision, IReadOnlyList<string> Diagnostics);

/// <summary>A switch that could not be reconciled.</summary>
/// <param name="Switch"><c>node/bridge</c>.</param>
/// <param name="Reason">Why.</param>
public sealed record SwitchProblemDto(string Switch, string Reason);

/// <summary>The values of <see cref="ServiceStatusDto.State"/>.</summary>
public static class ServiceStates
{
    /// <summary>The service's switches are being programmed.</summary>
    public const string Applying = "applying";

    /// <summary>Every switch the service touches holds the desired state.</summary>
    public const string Ready = "ready";

    /// <summary>At least one switch failed; <see cref="ServiceStatusDto.Switches"/> says which and why.</summary>
    public const string Degraded = "degraded";
}
