namespace FedNet.OpenFlow.Connections;

public sealed partial class SwitchConnection
{
    /// <summary>
    /// Sends a multipart request and gathers every reply part (spec 7.3.5: parts share the request's xid and all but
    /// the last carry OFPMPF_REPLY_MORE) into one list, in arrival order.
    /// </summary>
    /// <exception cref="OpenFlowErrorException">The switch refused the request.</exception>
    public async Task<IReadOnlyList<TReply>> MultipartAsync<TReply>(MultipartRequest request, CancellationToken cancellationToken = default)
        where TReply : MultipartReply
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = await ExchangeAsync(request with { Xid = NextXid() }, $"{request.MultipartType} multipart request", multipart: true,
            collectErrors: false, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var replies = new List<TReply>(parts.Count);
        foreach (var part in parts)
        {
            replies.Add(part as TReply ?? throw new OpenFlowConnectionException(
                $"{Remote} answered a {request.MultipartType} multipart request with {Describe(part)}, expected {typeof(TReply).Name}"));
        }
        return replies;
    }

    /// <summary>Like <see cref="MultipartAsync{TReply}"/>, but streams the entries of every part as one sequence.</summary>
    public async IAsyncEnumerable<TEntry> MultipartEntriesAsync<TEntry>(
        MultipartRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var reply in await MultipartAsync<MultipartListReply<TEntry>>(request, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < reply.Entries.Count; i++)
                yield return reply.Entries[i];
        }
    }

    /// <summary>Every flow matching <paramref name="request"/> (default: all flows of all tables).</summary>
    public Task<IReadOnlyList<FlowStats>> FlowStatsAsync(FlowStatsRequest? request = null, CancellationToken cancellationToken = default) =>
        EntriesAsync<FlowStats>(request ?? new FlowStatsRequest(), cancellationToken);

    /// <summary>Packet, byte and flow counts summed over the flows matching <paramref name="request"/> (default: all).</summary>
    public async Task<AggregateStatsReply> AggregateStatsAsync(AggregateStatsRequest? request = null, CancellationToken cancellationToken = default) =>
        (await MultipartAsync<AggregateStatsReply>(request ?? new AggregateStatsRequest(), cancellationToken).ConfigureAwait(false))[^1];

    /// <summary>The switch's manufacturer, hardware, software, serial number and datapath description.</summary>
    public async Task<DescStatsReply> DescriptionAsync(CancellationToken cancellationToken = default) =>
        (await MultipartAsync<DescStatsReply>(new DescStatsRequest(), cancellationToken).ConfigureAwait(false))[^1];

    /// <summary>Per-table counters.</summary>
    public Task<IReadOnlyList<TableStats>> TableStatsAsync(CancellationToken cancellationToken = default) =>
        EntriesAsync<TableStats>(new TableStatsRequest(), cancellationToken);

    /// <summary>Per-port counters (default: every port).</summary>
    public Task<IReadOnlyList<PortStats>> PortStatsAsync(uint portNo = OfpPortNo.Any, CancellationToken cancellationToken = default) =>
        EntriesAsync<PortStats>(new PortStatsRequest { PortNo = portNo }, cancellationToken);

    /// <summary>Every port of the switch with its number, name, address and state.</summary>
    public Task<IReadOnlyList<OfpPort>> PortDescriptionsAsync(CancellationToken cancellationToken = default) =>
        EntriesAsync<OfpPort>(new PortDescRequest(), cancellationToken);

    private async Task<IReadOnlyList<TEntry>> EntriesAsync<TEntry>(MultipartRequest request, CancellationToken cancellationToken)
    {
        var entries = new List<TEntry>();
        foreach (var reply in await MultipartAsync<MultipartListReply<TEntry>>(request, cancellationToken).ConfigureAwait(false))
            entries.AddRange(reply.Entries.AsSpan());
        return entries;
    }

    private static bool IsMoreToCome(OfpMessage message) => message is MultipartReply { More: true };

    private static string Describe(OfpMessage message) =>
        message is MultipartReply m ? $"a {m.MultipartType} multipart reply" : message.Type.ToString();
}
