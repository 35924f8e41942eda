using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FedNet.TestSupport;

namespace FedNet.Control.Tests;

/// <summary>One iperf3 TCP run between two lab VMs: a one-off server in the receiver's namespace, the client in the sender's.</summary>
internal static class PolicyIperf
{
    /// <summary>The lab VMs' MTU: every full segment is one 1500-byte IP packet.</summary>
    private const int Mtu = 1500;

    /// <summary>Ethernet header (14) and the 802.1Q tag (4) a frame carries where the gateways meter it.</summary>
    private const int TaggedFrameOverhead = 18;

    /// <summary>
    /// Runs <paramref name="seconds"/> of TCP from <paramref name="fromNamespace"/> to <paramref name="toIp"/> after one
    /// omitted second (slow start and the meter's burst are not counted). Returns the receiver's goodput and the rate of
    /// the tagged Ethernet frames that carried it (what a meter counts): goodput × (MTU + 18) / MSS.
    /// </summary>
    public static (double Goodput, double Wire) Measure(string fromNamespace, string toNamespace, string toIp, int port, int seconds = 4)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", toNamespace, "iperf3", "-s", "-1", "-p", port.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi) ?? throw new InvalidOperationException("cannot start iperf3 (apt-get install iperf3)");
        try
        {
            CommandResult? result = null;
            // The server needs a moment to listen; a refused connect is retried, anything else is a failure.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                Thread.Sleep(200);
                result = Shell.Try("ip", "netns", "exec", fromNamespace, "iperf3", "-c", toIp, "-p", port.ToString(CultureInfo.InvariantCulture),
                    "-t", seconds.ToString(CultureInfo.InvariantCulture), "-O", "1", "-J");
                if (result.Succeeded || !result.StandardOutput.Contains("Connection refused", StringComparison.Ordinal))
                    break;
            }
            var json = result!.EnsureSuccess().StandardOutput;
            using var doc = JsonDocument.Parse(json);
            var goodput = doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
            var mss = doc.RootElement.GetProperty("start").GetProperty("tcp_mss_default").GetInt32();
            return (goodput, goodput * (Mtu + TaggedFrameOverhead) / mss);
        }
        finally
        {
            if (!server.HasExited)
                ProcessKiller.Terminate(server.Id);
        }
    }
}
