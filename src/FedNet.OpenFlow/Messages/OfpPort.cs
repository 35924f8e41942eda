using System.Net.NetworkInformation;
using FedNet.OpenFlow.Internal;

namespace FedNet.OpenFlow;

/// <summary><c>enum ofp_port_config</c> (spec 1.3.5 A.2.1).</summary>
[Flags]
public enum OfpPortConfig : uint
{
    None = 0,
    PortDown = 1 << 0,
    NoRecv = 1 << 2,
    NoFwd = 1 << 5,
    NoPacketIn = 1 << 6,
}

/// <summary><c>enum ofp_port_state</c> (spec 1.3.5 A.2.1).</summary>
[Flags]
public enum OfpPortState : uint
{
    None = 0,
    LinkDown = 1 << 0,
    Blocked = 1 << 1,
    Live = 1 << 2,
}

/// <summary><c>enum ofp_port_features</c> (spec 1.3.5 A.2.1).</summary>
[Flags]
public enum OfpPortFeatures : uint
{
    None = 0,
    Rate10MbHd = 1 << 0,
    Rate10MbFd = 1 << 1,
    Rate100MbHd = 1 << 2,
    Rate100MbFd = 1 << 3,
    Rate1GbHd = 1 << 4,
    Rate1GbFd = 1 << 5,
    Rate10GbFd = 1 << 6,
    Rate40GbFd = 1 << 7,
    Rate100GbFd = 1 << 8,
    Rate1TbFd = 1 << 9,
    Other = 1 << 10,
    Copper = 1 << 11,
    Fiber = 1 << 12,
    Autoneg = 1 << 13,
    Pause = 1 << 14,
    PauseAsym = 1 << 15,
}

/// <summary>
/// A port description (spec 1.3.5 A.2.1): <c>struct ofp_port { uint32_t port_no; uint8_t pad[4]; uint8_t hw_addr[6];
/// uint8_t pad2[2]; char name[16]; uint32_t config; uint32_t state; uint32_t curr; uint32_t advertised;
/// uint32_t supported; uint32_t peer; uint32_t curr_speed; uint32_t max_speed; }</c> (64 bytes).
/// </summary>
public sealed record OfpPort
{
    internal const int Size = 64;

    public uint PortNo { get; init; }

    /// <summary>MAC address as 6 bytes.</summary>
    public EquatableArray<byte> HwAddr { get; init; } = new byte[6];

    /// <summary>Interface name (up to 15 ASCII characters).</summary>
    public string Name { get; init; } = "";

    public OfpPortConfig Config { get; init; }
    public OfpPortState State { get; init; }
    public OfpPortFeatures Current { get; init; }
    public OfpPortFeatures Advertised { get; init; }
    public OfpPortFeatures Supported { get; init; }
    public OfpPortFeatures Peer { get; init; }

    /// <summary>Current bit rate in kbps.</summary>
    public uint CurrentSpeed { get; init; }

    /// <summary>Maximum bit rate in kbps.</summary>
    public uint MaxSpeed { get; init; }

    /// <summary>The MAC as a <see cref="PhysicalAddress"/>.</summary>
    public PhysicalAddress MacAddress => new(HwAddr.ToArray());

    internal void Encode(OfpWriter w)
    {
        w.U32(PortNo);
        w.Zeros(4);
        if (HwAddr.Count != 6)
            throw new ArgumentException($"hw_addr must be 6 bytes, not {HwAddr.Count}");
        w.Bytes(HwAddr.AsSpan());
        w.Zeros(2);
        w.FixedString(Name, 16);
        w.U32((uint)Config);
        w.U32((uint)State);
        w.U32((uint)Current);
        w.U32((uint)Advertised);
        w.U32((uint)Supported);
        w.U32((uint)Peer);
        w.U32(CurrentSpeed);
        w.U32(MaxSpeed);
    }

    internal static OfpPort Decode(ref OfpReader r)
    {
        var portNo = r.U32();
        r.Pad(4);
        var hw = r.Array(6);
        r.Pad(2);
        return new OfpPort
        {
            PortNo = portNo,
            HwAddr = hw,
            Name = r.FixedString(16),
            Config = (OfpPortConfig)r.U32(),
            State = (OfpPortState)r.U32(),
            Current = (OfpPortFeatures)r.U32(),
            Advertised = (OfpPortFeatures)r.U32(),
            Supported = (OfpPortFeatures)r.U32(),
            Peer = (OfpPortFeatures)r.U32(),
            CurrentSpeed = r.U32(),
            MaxSpeed = r.U32(),
        };
    }
}
