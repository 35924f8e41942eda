using System.Runtime.InteropServices;
using System.Text;

namespace FedNet.Lab.Internal;

/// <summary>
/// A TAP device owned by this process (not persistent: it disappears when the process ends, so a killed forwarder
/// leaves no device behind). Frames are read and written whole, with any 802.1Q tag in place.
/// </summary>
internal sealed unsafe partial class Tap : IDisposable
{
    // linux/if_tun.h
    private const uint TunSetIff = 0x400454ca;
    private const short IffTap = 0x0002;
    private const short IffNoPi = 0x1000;
    private const int ORdwr = 2;
    private const int OCloexec = 0x80000;
    private const int IfNameSize = 16;
    private const int IfreqSize = 40;
    private const int Eintr = 4;

    private int _fd;

    private Tap(string name, int fd)
    {
        Name = name;
        _fd = fd;
    }

    public string Name { get; }

    /// <summary>Creates the TAP device <paramref name="name"/> in the calling process's namespace.</summary>
    public static Tap Create(string name)
    {
        if (name.Length is 0 or >= IfNameSize)
            throw new LabException($"TAP name '{name}' must be 1-15 characters");
        var fd = Open("/dev/net/tun", ORdwr | OCloexec);
        if (fd < 0)
            throw new LabException($"open /dev/net/tun failed: errno {Marshal.GetLastPInvokeError()}");
        var ifr = stackalloc byte[IfreqSize];
        new Span<byte>(ifr, IfreqSize).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(ifr, IfNameSize - 1));
        *(short*)(ifr + IfNameSize) = IffTap | IffNoPi;
        if (Ioctl(fd, TunSetIff, ifr) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Close(fd);
            throw new LabException($"creating TAP '{name}' failed: errno {errno}");
        }
        return new Tap(name, fd);
    }

    /// <summary>Blocks until a frame arrives; returns its length, or 0 once the device is closed.</summary>
    public int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = ReadNative(_fd, p, (nuint)buffer.Length);
                if (n >= 0)
                    return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Eintr)
                    return 0;
            }
        }
    }

    /// <summary>Writes one frame; a frame the kernel refuses (device down) is dropped, as a wire would.</summary>
    public bool Write(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
            return WriteNative(_fd, p, (nuint)frame.Length) == frame.Length;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte* arg);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
