namespace FedNet.Evaluation.Latency;

/// <summary>One pair's replies in one phase of the latency experiment.</summary>
/// <param name="Phase">0-based phase index (the first phase of a path starts cold).</param>
/// <param name="Sent">Probes sent.</param>
/// <param name="Replies">Replies received, in order.</param>
public sealed record PhaseResult(int Phase, int Sent, IReadOnlyList<PingReply> Replies);
