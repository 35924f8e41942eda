using FedNet.OpenFlow.Connections;
using FedNet.TestSupport;

namespace FedNet.OpenFlow.Tests.Connections;

/// <summary>
/// A private Open vSwitch with bridge <c>br0</c> (datapath id <see cref="DatapathId"/>, OpenFlow 1.3,
/// fail_mode=secure) and, on request, VM namespaces plugged into it with fixed OpenFlow port numbers.
/// Everything is removed on dispose, also when the test failed.
/// </summary>
internal sealed class OvsBridge : IAsyncDisposable
{
    public const string Bridge = "br0";
    public const ulong DatapathId = 0x0000_0000_00fe_d0e1;

    private readonly List<IDisposable> _owned = [];
    private readonly List<IAsyncDisposable> _ownedAsync = [];

    private OvsBridge(OvsInstance ovs) => Ovs = ovs;

    public OvsInstance Ovs { get; }

    /// <summary>The bridge's passive management socket, <c>unix:&lt;dir&gt;/br0.mgmt</c>.</summary>
    public string ManagementTarget => Ovs.ManagementTarget(Bridge);

    public static OvsBridge Start()
    {
        var ovs = OvsInstance.Start();
        try
        {
            ovs.AddBridge(Bridge);
            ovs.Vsctl("set", "bridge", Bridge, $"other-config:datapath-id={DatapathId:x16}");
            return new OvsBridge(ovs);
        }
        catch
        {
            ovs.Dispose();
            throw;
        }
    }

    /// <summary>Starts a listener on a unix socket in the instance's directory and points br0 at it.</summary>
    public OpenFlowListener ListenAndConnectBridge(SwitchConnectionOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var path = Path.Combine(Ovs.Directory, "controller.sock");
        var listener = OpenFlowListener.Start(new OpenFlowListenerOptions
        {
            Endpoints = [$"unix:{path}"],
            Connection = options ?? SwitchConnectionOptions.Default,
        }, logger);
        _ownedAsync.Add(listener);
        Ovs.SetController(Bridge, $"unix:{path}");
        return listener;
    }

    /// <summary>
    /// A VM: a namespace whose <c>eth0</c> (address <paramref name="cidr"/>, TX checksum offload off) is plugged into
    /// br0 as OpenFlow port <paramref name="ofport"/>. Returns the namespace and the port's name on the switch.
    /// </summary>
    public (Netns Vm, string Port) AddVm(int ofport, string cidr)
    {
        var vm = Netns.Create("vm");
        _owned.Add(vm);
        var port = UniqueName.Next("p");
        var veth = VethPair.Create(vm, Ovs.Namespace, "eth0", port);
        _owned.Add(veth);
        vm.Run("ip", "addr", "add", cidr, "dev", "eth0");
        vm.Run("ethtool", "-K", "eth0", "tx", "off");
        Ovs.Vsctl("add-port", Bridge, port, "--", "set", "interface", port, $"ofport_request={ofport}");
        return (vm, port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_ownedAsync))
            await d.DisposeAsync();
        Ovs.Dispose();
        foreach (var d in Enumerable.Reverse(_owned))
            d.Dispose();
    }
}
