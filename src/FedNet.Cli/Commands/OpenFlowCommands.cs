using System.Buffers;
using System.CommandLine;
using FedNet.OpenFlow;

namespace FedNet.Cli.Commands;

/// <summary><c>fednet openflow ...</c>: look at OpenFlow messages and switches through FedNet's own library.</summary>
internal static class OpenFlowCommands
{
    public static Command Create()
    {
        var command = new Command("openflow", "Decode OpenFlow 1.3 messages and inspect switches through FedNet's OpenFlow library.")
        {
            CreateDecode(),
            CreateDumpFlows(),
        };
        return command;
    }

    /// <summary>
    /// <c>fednet openflow dump-flows SWITCH</c>: connects to a switch (<c>unix:/path/br0.mgmt</c> or
    /// <c>tcp:host:port</c>) through FedNet's own connection, reads every flow with a flow-stats multipart request and
    /// prints one line per flow (see <see cref="FedNet.OpenFlow.Connections.FlowText"/>), ordered by table, then
    /// priority (highest first). Exit 64 on a bad SWITCH, 69 when the switch cannot be reached or fails to answer.
    /// </summary>
    private static Command CreateDumpFlows()
    {
        var target = new Argument<string>("SWITCH") { Description = "The switch's OpenFlow socket: unix:/path/br0.mgmt or tcp:host:port" };
        var command = new Command("dump-flows", "Print a switch's flows, one per line: cookie, table, priority, counters, match, actions.") { target };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var text = parseResult.GetValue(target) ?? "";
            try
            {
                FedNet.OpenFlow.Connections.OpenFlowEndpoint.Parse(text);
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
            try
            {
                await using var connection = await FedNet.OpenFlow.Connections.SwitchConnection.ConnectAsync(
                    text, cancellationToken: cancellationToken);
                var flows = await connection.FlowStatsAsync(cancellationToken: cancellationToken);
                foreach (var flow in flows.OrderBy(f => f.TableId).ThenByDescending(f => f.Priority).ThenBy(f => f.Cookie))
                    Console.Out.WriteLine(FedNet.OpenFlow.Connections.FlowText.Format(flow));
                return ExitCodes.Ok;
            }
            catch (FedNetException e)
            {
                await Console.Error.WriteLineAsync($"{text}: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }

    /// <summary>
    /// <c>fednet openflow decode [--roundtrip] FILE...</c>: each file holds one or more concatenated binary messages;
    /// prints one JSON object per message. Exit 65 (with file, offset, reason) on malformed input, 66 on a missing
    /// file, 1 when <c>--roundtrip</c> finds a message that does not re-encode to the same bytes, else 0.
    /// </summary>
    private static Command CreateDecode()
    {
        var files = new Argument<string[]>("FILE") { Description = "Files of concatenated binary OpenFlow 1.3 messages", Arity = ArgumentArity.OneOrMore };
        var roundTrip = new Option<bool>("--roundtrip") { Description = "Re-encode every message and exit 1 if any byte differs" };
        var command = new Command("decode", "Print binary OpenFlow 1.3 messages as JSON (type, xid, fields).") { files, roundTrip };
        command.SetAction(parseResult => Decode(parseResult.GetValue(files) ?? [], parseResult.GetValue(roundTrip), Console.Out, Console.Error));
        return command;
    }

    private static int Decode(IReadOnlyList<string> paths, bool roundTrip, TextWriter output, TextWriter error)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        foreach (var path in missing)
            error.WriteLine($"{path}: no such file");
        if (missing.Count > 0)
            return ExitCodes.NoInput;

        var malformed = false;
        var differs = false;
        foreach (var path in paths)
        {
            var result = DecodeFile(path, roundTrip, output, error);
            malformed |= result == ExitCodes.DataError;
            differs |= result == ExitCodes.CheckFailed;
        }
        return malformed ? ExitCodes.DataError : differs ? ExitCodes.CheckFailed : ExitCodes.Ok;
    }

    private static int DecodeFile(string path, bool roundTrip, TextWriter output, TextWriter error)
    {
        var buffer = new ReadOnlySequence<byte>(File.ReadAllBytes(path));
        long offset = 0;
        var differs = false;
        while (true)
        {
            ReadOnlySequence<byte> frame;
            OfpMessage message;
            try
            {
                if (!OpenFlowCodec.TryReadFrame(ref buffer, out frame))
                    break;
                message = OpenFlowCodec.Decode(frame);
            }
            catch (OpenFlowProtocolException e)
            {
                // Offsets from the codec count from the start of this message.
                error.WriteLine($"{path}: offset {offset + e.Offset}: {e.Reason}");
                return ExitCodes.DataError;
            }
            output.WriteLine(OpenFlowJson.Serialize(message));
            if (roundTrip)
            {
                var original = frame.ToArray();
                var encoded = OpenFlowCodec.Encode(message);
                if (!original.AsSpan().SequenceEqual(encoded))
                {
                    var at = original.AsSpan().CommonPrefixLength(encoded);
                    error.WriteLine($"{path}: offset {offset + at}: {message.GetType().Name} re-encodes differently "
                        + $"({original.Length} bytes read, {encoded.Length} written)");
                    differs = true;
                }
            }
            offset += frame.Length;
        }
        if (!buffer.IsEmpty)
        {
            error.WriteLine($"{path}: offset {offset}: truncated: {buffer.Length} bytes at the end do not form a whole message");
            return ExitCodes.DataError;
        }
        if (offset == 0)
        {
            error.WriteLine($"{path}: offset 0: truncated: the file holds no OpenFlow message");
            return ExitCodes.DataError;
        }
        return differs ? ExitCodes.CheckFailed : ExitCodes.Ok;
    }
}
