using System.Globalization;

namespace FedNet.Evaluation.Latency;

/// <summary>One echo reply: its sequence number (1 = the first probe, sent cold) and its round-trip time.</summary>
public readonly record struct PingReply(int Sequence, double RttMs)
{
    /// <summary>Every reply line of ping's output (<c>icmp_seq=N ... time=X ms</c>), in the order printed.</summary>
    public static IReadOnlyList<PingReply> Parse(string output)
    {
        var result = new List<PingReply>();
        foreach (var line in output.Split('\n'))
        {
            var s = line.IndexOf("icmp_seq=", StringComparison.Ordinal);
            var t = line.IndexOf("time=", StringComparison.Ordinal);
            if (s < 0 || t < 0)
                continue;
            var seq = line[(s + 9)..].Split(' ')[0];
            var rtt = line[(t + 5)..].Split(' ')[0];
            if (int.TryParse(seq, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                && double.TryParse(rtt, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                result.Add(new PingReply(n, ms));
        }
        return result;
    }

    /// <summary>
    /// Pings <paramref name="ip"/> from namespace <paramref name="ns"/> <paramref name="count"/> times,
    /// <paramref name="interval"/> apart; returns every reply (lost probes are missing).
    /// </summary>
    public static async Task<IReadOnlyList<PingReply>> RunAsync(string ns, string ip, int count, TimeSpan interval,
        CancellationToken cancellationToken = default)
    {
        var (exit, stdout, stderr) = await VmTools.RunAsync(["ip", "netns", "exec", ns, "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture),
            "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-W", "2", ip], cancellationToken).ConfigureAwait(false);
        var replies = Parse(stdout);
        if (exit != 0 && replies.Count == 0)
            throw new InvalidOperationException($"ping {ip} from {ns} got no reply (exit {exit}): {stderr.Trim()} {stdout.Trim()}");
        return replies;
    }
}
