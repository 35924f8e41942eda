namespace FedNet.OpenFlow.Connections;

/// <summary>
/// An open ONF bundle (EXT-230, OpenFlow 1.3 experimenter extension): messages added to it are checked by the switch
/// but take effect only at <see cref="CommitAsync"/>, all together (with <see cref="BundleFlags.Atomic"/>, all or
/// nothing). Disposing a bundle that was neither committed nor discarded discards it.
/// </summary>
public sealed class OpenFlowBundle : IAsyncDisposable
{
    private readonly SwitchConnection _connection;
    private int _finished;

    internal OpenFlowBundle(SwitchConnection connection, uint id, BundleFlags flags)
    {
        _connection = connection;
        Id = id;
        Flags = flags;
    }

    /// <summary>The bundle id on this connection.</summary>
    public uint Id { get; }

    /// <summary>The flags the bundle was opened with (each add carries them too, as the extension requires).</summary>
    public BundleFlags Flags { get; }

    /// <summary>True once committed or discarded.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>
    /// Adds one message (a flow-mod, group-mod, port-mod...). The xid of <paramref name="message"/> is kept, so a
    /// refusal can be traced back to it; one with xid 0 gets a fresh one. Does not wait for the switch.
    /// </summary>
    public ValueTask AddAsync(OfpMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfFinished();
        return _connection.SendAsync(Wrap(message), cancellationToken);
    }

    /// <summary>Adds many messages in a row with batched writes (see <see cref="SwitchConnection.SendAllAsync"/>).</summary>
    public ValueTask AddAllAsync(IEnumerable<OfpMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ThrowIfFinished();
        return _connection.SendAllAsync(messages.Select(Wrap), cancellationToken);
    }

    private BundleAdd Wrap(OfpMessage message) =>
        BundleAdd.For(Id, message.Xid == 0 ? message with { Xid = _connection.NextXid() } : message, Flags);

    /// <summary>
    /// Commits the bundle: every added message takes effect, or (atomic) none does. A switch checks each message as it
    /// is added and drops a refused one from the bundle (Open vSwitch does), so committing after a refusal would
    /// install the rest: a barrier first collects those refusals, and if any concern this bundle it is discarded
    /// instead and nothing is installed.
    /// </summary>
    /// <exception cref="OpenFlowBundleException">A message was refused (at add or at commit); carries the refused messages' errors.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFinished();
        var refused = await _connection.BundleRefusalsAsync(Id, cancellationToken).ConfigureAwait(false);
        if (refused.Count > 0)
        {
            await FinishAsync(BundleControlType.DiscardRequest, "discard", cancellationToken).ConfigureAwait(false);
            throw new OpenFlowBundleException(Id, "commit", refused[0], refused);
        }
        await FinishAsync(BundleControlType.CommitRequest, "commit", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws the bundle away; nothing added to it takes effect.</summary>
    public Task DiscardAsync(CancellationToken cancellationToken = default) => FinishAsync(BundleControlType.DiscardRequest, "discard", cancellationToken);

    private Task FinishAsync(BundleControlType type, string operation, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
            throw new InvalidOperationException($"bundle {Id} was already committed or discarded");
        return _connection.BundleControlAsync(Id, Flags, type, operation, cancellationToken);
    }

    private void ThrowIfFinished()
    {
        if (IsFinished)
            throw new InvalidOperationException($"bundle {Id} was already committed or discarded");
    }

    /// <summary>Discards the bundle unless it was committed or discarded, or the connection is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsFinished || !_connection.IsConnected)
            return;
        try
        {
            await DiscardAsync().ConfigureAwait(false);
        }
        catch (FedNetException)
        {
            // Best effort: the switch drops open bundles when the connection closes anyway.
        }
    }
}
