using System.Buffers;
using System.Text.Json;

namespace FedNet.Ovsdb.Internal;

/// <summary>
/// Finds where one JSON value ends in a byte stream (RFC 7047 section 3: messages are JSON values with no other framing).
/// Resumable: the reader state is kept between calls so a large message arriving in pieces is scanned once.
/// </summary>
internal sealed class JsonFrameScanner
{
    private readonly long _maxBytes;
    private readonly JsonReaderOptions _options;
    private JsonReaderState _state;
    private long _scanned;

    public JsonFrameScanner(long maxBytes, int maxDepth)
    {
        _maxBytes = maxBytes;
        _options = new JsonReaderOptions { MaxDepth = maxDepth };
        _state = new JsonReaderState(_options);
    }

    /// <summary>
    /// True when <paramref name="buffer"/> starts with a whole JSON value; <paramref name="length"/> is its size in bytes
    /// (leading whitespace included). Throws <see cref="JsonException"/> on malformed or too deep input and
    /// <see cref="InvalidDataException"/> when a message exceeds the size limit.
    /// </summary>
    public bool TryFindFrame(in ReadOnlySequence<byte> buffer, out long length)
    {
        var reader = new Utf8JsonReader(buffer.Slice(_scanned), isFinalBlock: false, _state);
        while (reader.Read())
        {
            var done = reader.CurrentDepth == 0 && reader.TokenType switch
            {
                JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName or JsonTokenType.Comment => false,
                _ => true,
            };
            if (done)
            {
                length = _scanned + reader.BytesConsumed;
                Reset();
                if (length > _maxBytes)
                    throw new InvalidDataException($"message of {length} bytes exceeds the {_maxBytes}-byte limit");
                return true;
            }
        }
        _scanned += reader.BytesConsumed;
        _state = reader.CurrentState;
        if (buffer.Length > _maxBytes)
            throw new InvalidDataException($"message exceeds the {_maxBytes}-byte limit");
        length = 0;
        return false;
    }

    /// <summary>Forgets a partly scanned message (after the connection changes).</summary>
    public void Reset()
    {
        _scanned = 0;
        _state = new JsonReaderState(_options);
    }
}
