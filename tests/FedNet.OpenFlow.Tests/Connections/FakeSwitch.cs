using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>One raw OpenFlow message as the fake switch saw it.</summary>
internal sealed record RawMessage(byte Version, byte Type, uint Xid, byte[] Body)
{
    public ushort MultipartType => BinaryPrimitives.ReadUInt16BigEndian(Body);
}

/// <summary>
/// A scripted fake switch on a loopback socket (Npgsql's server-mock idea): the test reads what the controller sent
/// and writes hand-built bytes back, so protocol edge cases (split replies, garbage, silence) are exercised exactly.
/// Bytes are built here from the OpenFlow 1.3.5 spec, independently of the codec under test.
/// </summary>
internal sealed class FakeSwitch : IAsyncDisposable
{
    public const byte Version13 = 4;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private FakeSwitch(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Listens on a loopback port; <see cref="AcceptAsync"/> yields the fake once the controller connects.</summary>
    public static (string Target, Func<Task<FakeSwitch>> AcceptAsync, IDisposable Listener) Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return ($"tcp:127.0.0.1:{port}", async () => new FakeSwitch(await listener.AcceptAsync()), listener);
    }

    /// <summary>Connects to a controller listening at a TCP loopback port or unix path.</summary>
    public static async Task<FakeSwitch> ConnectAsync(EndPoint endpoint)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        return new FakeSwitch(socket);
    }

    public async Task<RawMessage> ReadAsync(CancellationToken cancellationToken = default)
    {
        var header = new byte[8];
        await _stream.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        var body = new byte[length - 8];
        await _stream.ReadExactlyAsync(body, cancellationToken);
        return new RawMessage(header[0], header[1], BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), body);
    }

    /// <summary>Reads messages until one of <paramref name="type"/> arrives, answering echo requests on the way.</summary>
    public async Task<RawMessage> ExpectAsync(byte type, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var m = await ReadAsync(cancellationToken);
            if (m.Type == type)
                return m;
            if (m.Type == 2)
                await WriteAsync(Message(3, m.Xid, m.Body));
        }
    }

    public Task WriteAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>True when the other side has closed (a read returns end of stream or a reset).</summary>
    public async Task<bool> IsClosedByPeerAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cancellationToken) == 0)
                    return true;
            }
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Plays the switch's side of hello + features: the controller's hello and features request come first.</summary>
    public async Task HandshakeAsync(ulong datapathId, byte tables = 254, uint versionBitmap = 1u << Version13)
    {
        await WriteAsync(Hello(0x1000, versionBitmap));
        var hello = await ReadAsync();
        Assert.Equal(0, hello.Type);
        var features = await ExpectAsync(5);
        await WriteAsync(FeaturesReply(features.Xid, datapathId, tables));
    }

    public static byte[] Message(byte type, uint xid, ReadOnlySpan<byte> body, byte version = Version13)
    {
        var bytes = new byte[8 + body.Length];
        bytes[0] = version;
        bytes[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), xid);
        body.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    /// <summary>OFPT_HELLO with one OFPHET_VERSIONBITMAP element (spec 7.5.1).</summary>
    public static byte[] Hello(uint xid, uint bitmap, byte version = Version13)
    {
        var body = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(body, 1);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 8);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), bitmap);
        return Message(0, xid, body, version);
    }

    /// <summary>OFPT_FEATURES_REPLY (spec 7.3.1): datapath_id, n_buffers, n_tables, auxiliary_id, pad, capabilities, reserved.</summary>
    public static byte[] FeaturesReply(uint xid, ulong datapathId, byte tables)
    {
        var body = new byte[24];
        BinaryPrimitives.WriteUInt64BigEndian(body, datapathId);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(8), 256);
        body[12] = tables;
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16), 0x4f);
        return Message(6, xid, body);
    }

    /// <summary>OFPT_MULTIPART_REPLY (spec 7.3.5): type, flags (1 = REPLY_MORE), pad[4], body.</summary>
    public static byte[] MultipartReply(uint xid, ushort type, bool more, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), more ? (ushort)1 : (ushort)0);
        body.CopyTo(bytes.AsSpan(8));
        return Message(19, xid, bytes);
    }

    /// <summary>One struct ofp_port (spec 7.2.1, 64 bytes) for a port-description reply.</summary>
    public static byte[] Port(uint portNo, string name)
    {
        var p = new byte[64];
        BinaryPrimitives.WriteUInt32BigEndian(p, portNo);
        p[8] = 0x02;
        p[13] = (byte)portNo;
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(p.AsSpan(16));
        return p;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
