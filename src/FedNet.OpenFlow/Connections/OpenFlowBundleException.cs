namespace FedNet.OpenFlow.Connections;

/// <summary>
/// A bundle could not be committed (or opened, or discarded). <see cref="Error"/> is the switch's answer to the bundle
/// control request; <see cref="MessageErrors"/> are the errors it returned for individual bundled messages (for a
/// failed commit, usually the message that made it fail), so the caller learns which flow was refused and why.
/// </summary>
public sealed class OpenFlowBundleException : FedNetException
{
    /// <summary>Creates the exception.</summary>
    public OpenFlowBundleException(uint bundleId, string operation, OpenFlowErrorException error, IReadOnlyList<OpenFlowErrorException> messageErrors)
        : base(Describe(bundleId, operation, error, messageErrors), error)
    {
        BundleId = bundleId;
        Operation = operation;
        Error = error;
        MessageErrors = messageErrors;
    }

    /// <summary>The bundle's id.</summary>
    public uint BundleId { get; }

    /// <summary>"open", "commit" or "discard".</summary>
    public string Operation { get; }

    /// <summary>The switch's error for the bundle control request itself (e.g. OFPBFC_MSG_FAILED).</summary>
    public OpenFlowErrorException Error { get; }

    /// <summary>Errors for individual bundled messages, in arrival order (their <c>Xid</c> names the message).</summary>
    public IReadOnlyList<OpenFlowErrorException> MessageErrors { get; }

    private static string Describe(uint bundleId, string operation, OpenFlowErrorException error, IReadOnlyList<OpenFlowErrorException> messageErrors)
    {
        var text = $"bundle {bundleId}: {operation} failed: {error.Message}";
        return messageErrors.Count == 0 ? text : $"{text}; first failing message: {messageErrors[0].Message}";
    }
}
