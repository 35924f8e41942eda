namespace FedNet.Ovsdb;

/// <summary>
/// What to monitor in one table (RFC 7047 4.1.5 &lt;monitor-request&gt;; with <see cref="Where"/>, the
/// <c>monitor_cond</c> form of ovsdb-server(7)).
/// </summary>
public sealed record OvsdbMonitorRequest(string Table)
{
    /// <summary>Columns to report; null means all.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>monitor_cond only: report only rows matching these conditions; null means all rows.</summary>
    public IReadOnlyList<OvsdbCondition>? Where { get; init; }

    /// <summary>Report the initial contents (default true).</summary>
    public bool Initial { get; init; } = true;
    public bool Insert { get; init; } = true;
    public bool Delete { get; init; } = true;
    public bool Modify { get; init; } = true;
}
