namespace FedNet.Ovsdb;

/// <summary>A live monitor; dispose (or <see cref="CancelAsync"/>) sends <c>monitor_cancel</c>.</summary>
public sealed class OvsdbMonitor : IAsyncDisposable
{
    private readonly OvsdbClient _client;
    private int _cancelled;

    internal OvsdbMonitor(OvsdbClient client, string id, bool conditional)
    {
        _client = client;
        Id = id;
        IsConditional = conditional;
    }

    /// <summary>The monitor id sent to the server.</summary>
    public string Id { get; }

    /// <summary>True when the monitor uses monitor_cond/update2.</summary>
    public bool IsConditional { get; }

    /// <summary>RFC 7047 4.1.7 monitor_cancel.</summary>
    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _cancelled, 1) == 1)
            return;
        await _client.MonitorCancelAsync(Id, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CancelAsync().ConfigureAwait(false);
        }
        catch (OvsdbException)
        {
            // The connection is gone: so is the monitor.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
