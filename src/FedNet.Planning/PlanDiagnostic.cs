using FedNet.Model;

namespace FedNet.Planning;

/// <summary>How serious a <see cref="PlanDiagnostic"/> is.</summary>
public enum PlanSeverity
{
    /// <summary>The plan is complete but something asked for is only partly enforced (e.g. a guaranteed rate on netdev).</summary>
    Warning,
    /// <summary>Part of the description could not be planned (a pool ran out, no path); that part is left out.</summary>
    Error,
}

/// <summary>Something the planner could not do as asked, with where it was asked for.</summary>
public sealed record PlanDiagnostic(PlanSeverity Severity, string Message, SourceLocation Location)
{
    /// <inheritdoc/>
    public override string ToString() =>
        (string.IsNullOrEmpty(Location.File) ? "" : Location + ": ") + (Severity == PlanSeverity.Error ? "error: " : "warning: ") + Message;
}
