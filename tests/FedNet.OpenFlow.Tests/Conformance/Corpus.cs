using System.Buffers;
using FedNet.OpenFlow;

namespace FedNet.OpenFlow.Tests.Conformance;

/// <summary>
/// The shared OpenFlow 1.3 test vectors (Ryu's packet data), read in place from <c>shared/conformance/openflow13</c>
/// found by walking up from the test assembly's directory.
/// </summary>
internal static class Corpus
{
    private static readonly Lazy<string> RootDir = new(Locate);

    public static string Root => RootDir.Value;

    public static string PacketsDir => Path.Combine(Root, "packets");

    public static string ExpectedDir => Path.Combine(Root, "expected");

    /// <summary>Every packet file name (not path), sorted.</summary>
    public static IReadOnlyList<string> AllFiles() =>
        Directory.GetFiles(PacketsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    /// <summary>The files that hold well-formed messages (everything but the truncated vectors).</summary>
    public static IReadOnlyList<string> ValidFiles() => AllFiles().Where(f => !f.Contains("truncated", StringComparison.Ordinal)).ToList();

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(PacketsDir, file));

    /// <summary>Splits a file into its frames (a file may hold several concatenated messages).</summary>
    public static List<byte[]> Frames(string file)
    {
        var buffer = new ReadOnlySequence<byte>(Read(file));
        var frames = new List<byte[]>();
        while (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
            frames.Add(frame.ToArray());
        if (!buffer.IsEmpty)
            throw new InvalidDataException($"{file}: {buffer.Length} bytes left after the last whole frame");
        return frames;
    }

    /// <summary>All frames of all valid files, labelled "file#index".</summary>
    public static IEnumerable<(string Name, byte[] Frame)> AllFrames() =>
        ValidFiles().SelectMany(f => Frames(f).Select((b, i) => ($"{f}#{i}", b)));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "openflow13");
            if (Directory.Exists(Path.Combine(candidate, "packets")))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            $"shared/conformance/openflow13 not found in any parent of {AppContext.BaseDirectory}; the OpenFlow conformance "
            + "corpus must sit in the session's shared directory (../shared from the repository)");
    }
}
