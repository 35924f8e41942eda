using System.Buffers;
using FedNet.OpenFlow;
using SharpFuzz;

namespace FedNet.Fuzz;

/// <summary>
/// Coverage-guided fuzz target for the OpenFlow codec. Every input is framed, decoded, re-encoded and decoded again;
/// <see cref="OpenFlowProtocolException"/> is the expected answer to garbage, anything else is a crash.
/// <list type="bullet">
/// <item><c>FedNet.Fuzz</c> (no arguments): AFL/AFL++ out-of-process mode, run under <c>afl-fuzz</c>.</item>
/// <item><c>FedNet.Fuzz --libfuzzer</c>: under the libfuzzer-dotnet driver.</item>
/// <item><c>FedNet.Fuzz --replay FILE...</c>: run saved inputs (crash reproduction, corpus checks) without a fuzzer.</item>
/// </list>
/// See docs/fuzzing.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["--libfuzzer"]:
                Fuzzer.LibFuzzer.Run(span => Target(span));
                return 0;
            case ["--replay", .. var files] when files.Length > 0:
                foreach (var file in files)
                {
                    Target(File.ReadAllBytes(file));
                    Console.WriteLine($"{file}: ok");
                }
                return 0;
            case []:
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    Target(copy.ToArray());
                });
                return 0;
            default:
                Console.Error.WriteLine("usage: FedNet.Fuzz [--libfuzzer | --replay FILE...]");
                return 64;
        }
    }

    /// <summary>The property under test: only protocol errors escape, and whatever decodes re-encodes and decodes.</summary>
    public static void Target(ReadOnlySpan<byte> input)
    {
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        try
        {
            while (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
            {
                var message = OpenFlowCodec.Decode(frame);
                var encoded = OpenFlowCodec.Encode(message);
                OfpMessage again;
                try
                {
                    again = OpenFlowCodec.Decode(encoded);
                }
                catch (OpenFlowProtocolException e)
                {
                    throw new InvalidOperationException($"re-encoded {message.GetType().Name} does not decode: {e.Message}", e);
                }
                if (again.GetType() != message.GetType())
                    throw new InvalidOperationException($"{message.GetType().Name} re-decoded as {again.GetType().Name}");
                _ = OpenFlowJson.Serialize(message);
            }
        }
        catch (OpenFlowProtocolException)
        {
            // The documented answer to malformed input.
        }
    }
}
