using System.Text.Json.Nodes;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Tests.Conformance;
using FedNet.TestSupport;
using Xunit;

namespace FedNet.OpenFlow.Tests.Cli;

/// <summary>
/// <c>fednet openflow decode</c> run as a process, from the CLI the solution build produces
/// (<c>src/FedNet.Cli/bin/Release/net10.0/fednet.dll</c>; ./test.sh builds it before running tests).
/// </summary>
public sealed class DecodeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fednet-decode-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Decode_ConcatenatedMessages_PrintsOneJsonObjectEach()
    {
        var files = new[] { "4-2-ofp_flow_mod.packet", "4-4-ofp_packet_in.packet", "4-10-ofp_hello.packet" };
        var path = Write("three.bin", files.SelectMany(Corpus.Read).ToArray());

        var (code, stdout, stderr) = Run("openflow", "decode", path);

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("FlowMod", (string)first["type"]!);
        Assert.NotNull(first["xid"]);
        Assert.Equal(123, (int)first["fields"]!["priority"]!);
        Assert.Equal("PacketIn", (string)JsonNode.Parse(lines[1])!["type"]!);
        Assert.Equal("Hello", (string)JsonNode.Parse(lines[2])!["type"]!);
    }

    [Fact]
    public void DecodeRoundTrip_WholeValidCorpus_ExitsZero()
    {
        var paths = Corpus.ValidFiles().Select(f => Path.Combine(Corpus.PacketsDir, f)).ToArray();
        var (code, stdout, stderr) = Run(["openflow", "decode", "--roundtrip", .. paths]);
        Assert.True(code == 0, stderr);
        Assert.Equal(paths.Length, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void DecodeRoundTrip_BytesTheEncoderNormalises_ExitsOne()
    {
        // A port name with bytes after its NUL terminator decodes fine but re-encodes with zeros there.
        var bytes = OpenFlowCodec.Encode(new PortStatus { Port = new OfpPort { PortNo = 1, Name = "ab" } });
        const int nameOffset = 8 + 8 + 16;
        bytes[nameOffset + 3] = (byte)'x';
        var path = Write("port-status.bin", bytes);

        var (code, _, stderr) = Run("openflow", "decode", "--roundtrip", path);

        Assert.Equal(1, code);
        Assert.Contains($"offset {nameOffset + 3}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MalformedSecondMessage_Exits65NamingFileAndOffset()
    {
        var good = OpenFlowCodec.Encode(new BarrierRequest());
        var bad = OpenFlowCodec.Encode(new FlowMod { Instructions = [Instructions.Apply(Actions.Output(1))] });
        bad[56 + 8 + 3] = 12; // the output action's length is no longer a multiple of 8
        var path = Write("bad.bin", [.. good, .. bad]);

        var (code, _, stderr) = Run("openflow", "decode", path);

        Assert.Equal(65, code);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains($"offset {good.Length + 56 + 8}", stderr, StringComparison.Ordinal);
        Assert.Contains("multiple of 8", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedFile_Exits65()
    {
        var bytes = Corpus.Read("libofproto-OFP13-flow_mod.packet").AsSpan(0, 64).ToArray();
        var (code, _, stderr) = Run("openflow", "decode", Write("cut.bin", bytes));
        Assert.Equal(65, code);
        Assert.Contains("truncated", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MissingFile_Exits66()
    {
        var (code, _, stderr) = Run("openflow", "decode", Path.Combine(_dir, "nope.bin"));
        Assert.Equal(66, code);
        Assert.Contains("nope.bin", stderr, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        FednetCli.RunAsync(args, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
}
