using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FedNet.Control.Internal;

/// <summary>
/// An AF_PACKET socket bound to one interface inside a network namespace: sends whole Ethernet frames as if the VM
/// behind that interface had sent them (a migrated VM's gratuitous ARP; the isolation tests' forged frames). The socket
/// is created inside the namespace (<see cref="NetworkNamespace.Run"/>), so sends work from any thread afterwards.
/// </summary>
internal sealed class MigrationRawSocket : IDisposable
{
    private const int AfPacket = 17;
    private const int SockRaw = 3;
    private const ushort EthPAll = 0x0003;
    private int _fd;

    private MigrationRawSocket(int fd) => _fd = fd;

    /// <summary>Opens a raw socket on <paramref name="device"/> in namespace <paramref name="netns"/> (a name under /run/netns).</summary>
    public static MigrationRawSocket Open(string netns, string device)
    {
        var ifindex = InterfaceIndex(netns, device);
        try
        {
            return new MigrationRawSocket(NetworkNamespace.Run(netns, () =>
            {
                var s = Socket(AfPacket, SockRaw, BinaryPrimitives.ReverseEndianness(EthPAll));
                if (s < 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), "socket(AF_PACKET)");
                // struct sockaddr_ll (packet(7)): family, protocol (network order), ifindex, hatype, pkttype, halen, addr[8].
                var address = new byte[20];
                BinaryPrimitives.WriteUInt16LittleEndian(address, AfPacket);
                BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2), EthPAll);
                BinaryPrimitives.WriteInt32LittleEndian(address.AsSpan(4), ifindex);
                if (Bind(s, address, address.Length) != 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    _ = Close(s);
                    throw new Win32Exception(error, $"bind to {device} in {netns}");
                }
                return s;
            }));
        }
        catch (Exception e)
        {
            throw new ControlException($"cannot open a raw socket on {device} in namespace {netns}: {e.Message}", e);
        }
    }

    /// <summary>Sends one frame (padded to the 60-byte Ethernet minimum).</summary>
    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        var buffer = new byte[Math.Max(60, frame.Length)];
        frame.CopyTo(buffer);
        if (SendTo(_fd, buffer, buffer.Length, 0) < 0)
            throw new ControlException($"raw send failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Dispose()
    {
        if (_fd >= 0)
            _ = Close(_fd);
        _fd = -1;
    }

    /// <summary>The interface's index inside the namespace (from <c>ip -o link</c>: /sys shows the caller's namespace).</summary>
    private static int InterfaceIndex(string netns, string device)
    {
        var psi = new ProcessStartInfo("ip", ["-n", netns, "-o", "link", "show", "dev", device])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi) ?? throw new ControlException("cannot start ip (install iproute2)");
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var colon = output.IndexOf(':', StringComparison.Ordinal);
        if (p.ExitCode != 0 || colon <= 0 || !int.TryParse(output.AsSpan(0, colon), out var index))
            throw new ControlException($"no interface {device} in namespace {netns}: {error.Trim()}");
        return index;
    }

    /// <summary>A gratuitous ARP (RFC 5227 §3: an ARP request with sender and target = the announced address).</summary>
    public static byte[] GratuitousArp(ulong mac, uint ip)
    {
        var frame = new byte[60];
        frame.AsSpan(0, 6).Fill(0xFF);
        WriteMac(frame.AsSpan(6), mac);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 1);      // htype Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 0x0800); // ptype IPv4
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(20), 1);      // request
        WriteMac(frame.AsSpan(22), mac);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(28), ip);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(38), ip);
        return frame;
    }

    /// <summary>Writes a 48-bit MAC in network order.</summary>
    public static void WriteMac(Span<byte> destination, ulong mac)
    {
        for (var i = 0; i < 6; i++)
            destination[i] = (byte)(mac >> (8 * (5 - i)));
    }

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static extern int Bind(int fd, byte[] address, int length);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint SendTo(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
