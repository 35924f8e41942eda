using System.Globalization;
using System.Text.RegularExpressions;

namespace FedNet.Evaluation.Arp;

/// <summary>One reply of iputils' <c>arping</c>: who answered (IP, MAC) and the request-to-reply time.</summary>
public sealed partial record ArpingReply(string Ip, string Mac, double Ms)
{
    /// <summary>
    /// The first <c>Unicast reply from IP [MAC]  T ms</c> line of arping's output (MAC in lower case), or null when
    /// there is none.
    /// </summary>
    public static ArpingReply? Parse(string output)
    {
        var m = ReplyLine().Match(output);
        return m.Success
            ? new ArpingReply(m.Groups[1].Value, m.Groups[2].Value.ToLowerInvariant(), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>
    /// Sends one ARP request for <paramref name="ip"/> out of <c>eth0</c> in namespace <paramref name="ns"/>
    /// (<c>arping -c 1 -w 2</c>) and returns the reply, or null when none came within 2 s.
    /// </summary>
    public static async Task<ArpingReply?> RunAsync(string ns, string ip, CancellationToken cancellationToken = default)
    {
        var (exit, stdout, stderr) = await VmTools.RunAsync(["ip", "netns", "exec", ns, "arping", "-c", "1", "-w", "2", "-I", "eth0", ip], cancellationToken)
            .ConfigureAwait(false);
        var reply = Parse(stdout);
        if (reply is null && !stdout.Contains("Received 0 response", StringComparison.Ordinal))
            throw new InvalidOperationException($"arping {ip} in {ns} failed (exit {exit}; apt-get install iputils-arping): {stderr.Trim()} {stdout.Trim()}");
        return reply;
    }

    [GeneratedRegex(@"reply from (\S+) \[([0-9A-Fa-f:]{17})\]\s+([0-9.]+)\s*ms", RegexOptions.CultureInvariant)]
    private static partial Regex ReplyLine();
}
