using System.Runtime.CompilerServices;
using System.Text;

namespace FedNet.Cli.Client.Internal;

/// <summary>Server-sent events parser (HTML Living Standard, "Interpreting an event stream"): fields until a blank line.</summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string name = "message";
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                    yield return new ServerSentEvent(name, data.ToString());
                name = "message";
                data.Clear();
                hasData = false;
                continue;
            }
            if (line[0] == ':')
                continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
                value = value[1..];
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (hasData)
                        data.Append('\n');
                    data.Append(value);
                    hasData = true;
                    break;
            }
        }
        // A final event without its blank line still counts; the server may close right after `event: done`.
        if (hasData || name != "message")
            yield return new ServerSentEvent(name, data.ToString());
    }
}
