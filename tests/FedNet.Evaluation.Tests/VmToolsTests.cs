using FedNet.Evaluation;

namespace FedNet.Evaluation.Tests;

public sealed class VmToolsTests
{
    [Fact]
    public void ParsePingRtts_RepliesAndALoss_ReturnsEachReplyTime()
    {
        const string output = """
            PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
            64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=8.21 ms
            64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=0.412 ms

            --- 10.0.0.2 ping statistics ---
            3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms
            rtt min/avg/max/mdev = 0.412/4.311/8.210/3.899 ms
            """;
        Assert.Equal([8.21, 0.412], VmTools.ParsePingRtts(output));
    }

    [Fact]
    public void ParseIperfReceivedMbps_Json_ReturnsReceiverRate() =>
        Assert.Equal(812.5, VmTools.ParseIperfReceivedMbps("""{"end":{"sum_received":{"bits_per_second":812500000.0}}}"""), 6);

    [Fact]
    public async Task PingAsync_UnknownNamespace_ThrowsWithTheToolsOutput()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => VmTools.PingAsync("fednet-no-such-ns", "127.0.0.1", 1, TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken));
        Assert.Contains("fednet-no-such-ns", e.Message, StringComparison.Ordinal);
    }
}
