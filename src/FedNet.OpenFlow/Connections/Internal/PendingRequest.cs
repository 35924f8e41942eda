namespace FedNet.OpenFlow.Connections.Internal;

/// <summary>
/// A request waiting for its reply, keyed by xid in the connection. Multipart requests collect every reply part until
/// one arrives without OFPMPF_REPLY_MORE; a barrier also takes the errors that arrived before its reply.
/// </summary>
internal sealed class PendingRequest(string what, bool multipart, bool collectErrors)
{
    private readonly TaskCompletionSource<IReadOnlyList<OfpMessage>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<OfpMessage>? _parts;

    /// <summary>What was asked, for timeout and error messages ("barrier", "flow stats").</summary>
    public string What { get; } = what;

    public bool Multipart { get; } = multipart;

    public bool CollectErrors { get; } = collectErrors;

    /// <summary>Errors for messages sent without waiting that arrived before this barrier's reply.</summary>
    public IReadOnlyList<ErrorMessage> Errors { get; set; } = [];

    /// <summary>How many such errors there were (may exceed <see cref="Errors"/>, which is capped).</summary>
    public long ErrorCount { get; set; }

    public Task<IReadOnlyList<OfpMessage>> Task => _completion.Task;

    /// <summary>Adds one part of a multipart reply; the read loop is the only caller.</summary>
    public void AddPart(OfpMessage part) => (_parts ??= []).Add(part);

    public void Complete(OfpMessage last)
    {
        if (_parts is null)
        {
            _completion.TrySetResult([last]);
            return;
        }
        _parts.Add(last);
        _completion.TrySetResult(_parts);
    }

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
