using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using FedNet.OpenFlow;
using FedNet.OpenFlow.Tests.Conformance;
using Xunit;

namespace FedNet.OpenFlow.Tests.Codec;

/// <summary>
/// A bounded mutational fuzz run over the corpus (bit flips, length lies, truncations, splices). The only exception
/// allowed out of framing or decoding is <see cref="OpenFlowProtocolException"/>; whatever decodes must re-encode and
/// decode again. The run stops after a fixed time budget (not an assertion on time) and reports its seed.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    [Fact]
    public void MutatedCorpus_FramedDecodedReencoded_OnlyProtocolErrors()
    {
        var seeds = Corpus.AllFrames().Select(f => f.Frame).ToArray();
        var seed = Environment.GetEnvironmentVariable("FEDNET_FUZZ_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long iterations = 0, decoded = 0;
        while (clock.Elapsed < Budget)
        {
            var input = Mutate(random, seeds);
            iterations++;
            try
            {
                decoded += Exercise(input);
            }
            catch (OpenFlowProtocolException)
            {
                // The expected outcome for most mutants.
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} iteration {iterations}: {e.GetType().Name} on input {Convert.ToHexString(input)}\n{e}");
            }
        }
        Assert.True(iterations > 1000, $"only {iterations} iterations ran");
        Assert.True(decoded > 0, "no mutated input decoded at all: mutations are too destructive to reach the decoders");
    }

    private static int Exercise(byte[] input)
    {
        var count = 0;
        var buffer = new ReadOnlySequence<byte>(input);
        while (OpenFlowCodec.TryReadFrame(ref buffer, out var frame))
        {
            var message = OpenFlowCodec.Decode(frame);
            OfpMessage again;
            try
            {
                again = OpenFlowCodec.Decode(OpenFlowCodec.Encode(message));
            }
            catch (OpenFlowProtocolException e)
            {
                throw new InvalidOperationException($"re-encoded {message.GetType().Name} does not decode: {e.Message}", e);
            }
            if (again.GetType() != message.GetType())
                throw new InvalidOperationException($"re-decoded {again.GetType().Name}, first {message.GetType().Name}");
            count++;
        }
        return count;
    }

    internal static byte[] Mutate(Random random, byte[][] seeds)
    {
        var bytes = (byte[])seeds[random.Next(seeds.Length)].Clone();
        var rounds = random.Next(1, 4);
        for (var i = 0; i < rounds; i++)
        {
            switch (random.Next(7))
            {
                case 0: // bit flips
                    for (var n = random.Next(1, 9); n > 0; n--)
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // a 16-bit field (often a length) lies
                    if (bytes.Length >= 2)
                    {
                        var at = random.Next(bytes.Length - 1) & ~1;
                        ushort[] lies = [0, 1, 4, 7, 8, 9, 15, 16, 0x7fff, 0xffff, (ushort)random.Next(65536)];
                        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), lies[random.Next(lies.Length)]);
                    }
                    break;
                case 2: // truncate, keeping the header consistent
                    bytes = bytes.AsSpan(0, random.Next(8, Math.Max(9, bytes.Length))).ToArray();
                    break;
                case 3: // splice the tail of another message
                    var other = seeds[random.Next(seeds.Length)];
                    var cut = random.Next(8, Math.Max(9, bytes.Length));
                    var from = random.Next(other.Length);
                    bytes = [.. bytes.AsSpan(0, Math.Min(cut, bytes.Length)), .. other.AsSpan(from)];
                    break;
                case 4: // insert or delete a few bytes
                    var pos = random.Next(8, Math.Max(9, bytes.Length));
                    bytes = random.Next(2) == 0
                        ? [.. bytes.AsSpan(0, Math.Min(pos, bytes.Length)), .. new byte[random.Next(1, 9)], .. bytes.AsSpan(Math.Min(pos, bytes.Length))]
                        : [.. bytes.AsSpan(0, Math.Min(pos, bytes.Length)), .. bytes.AsSpan(Math.Min(bytes.Length, pos + random.Next(1, 9)))];
                    break;
                case 5: // random byte values
                    for (var n = random.Next(1, 5); n > 0; n--)
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                default: // type byte of another message
                    if (bytes.Length > 1)
                        bytes[1] = (byte)random.Next(32);
                    break;
            }
        }
        // Mostly keep the header length consistent so the body decoders, not just framing, see the damage.
        if (bytes.Length >= 8 && random.Next(4) != 0)
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)Math.Min(bytes.Length, ushort.MaxValue));
        if (bytes.Length >= 1 && random.Next(8) != 0)
            bytes[0] = OpenFlowCodec.Version13;
        return bytes;
    }
}
