using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FedNet.Lab.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedNet.Lab;

/// <summary>
/// The lab's compute driver: a VM is a namespace <c>fnl-&lt;id&gt;-v-&lt;vm&gt;</c> with <c>eth0</c> (its MAC and address, up,
/// TX checksum offload off so TCP works over the userspace datapath); the veth's other end appears, unattached, in the
/// host's namespace as <c>vf</c> + the MAC's last three bytes. VMs are recorded in the lab's state file.
/// </summary>
public sealed partial class NamespaceComputeDriver : IComputeDriver
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly FederationLab _lab;
    private readonly ILogger _logger;

    public NamespaceComputeDriver(FederationLab lab, ILogger<NamespaceComputeDriver>? logger = null)
    {
        _lab = lab;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<VmBinding> BindAsync(VmSpec vm, CancellationToken cancellationToken = default)
    {
        if (!VmNamePattern().IsMatch(vm.Name))
            throw new LabException($"VM name '{vm.Name}' must be 1-40 characters of letters, digits, '-', '_' or '.'");
        var vif = LabNames.VifName(vm.Mac);
        var mac = vm.Mac.ToLowerInvariant();
        CheckAddress(vm.Address);
        var id = _lab.Options.Id;
        using var stateLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var state = _lab.ReadState();
        var host = state.Node(vm.Host) ?? throw new LabException($"lab '{id}' has no host named '{vm.Host}'");
        if (host.Kind != LabNodeKind.Host)
            throw new LabException($"'{vm.Host}' is a {host.Kind.ToString().ToLowerInvariant()}, not a host");
        if (state.Vm(vm.Name) is not null)
            throw new LabException($"VM '{vm.Name}' already exists in lab '{id}'");
        if (state.Vms.FirstOrDefault(v => v.HostInterface == vif) is { } clash)
            throw new LabException(
                $"MAC {vm.Mac} gives interface {vif}, already used by VM '{clash.Name}' (MACs must differ in their last three bytes)");
        var ns = LabNames.VmNamespace(id, vm.Name);
        // The state file is written last, so a namespace of this VM's name, or a host interface of its MAC, that the state
        // does not list is what a bind interrupted by a crash (kill -9 of the controller) left: remove it and bind afresh.
        var staleVif = await Cmd.TryAsync("ip", ["-n", host.Namespace, "link", "del", vif], cancellationToken: cancellationToken).ConfigureAwait(false);
        var staleNs = await Cmd.TryAsync("ip", ["netns", "delete", ns], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (staleVif.Succeeded || staleNs.Succeeded)
            LabLog.BindLeftoverRemoved(_logger, id, vm.Name, ns, vif);
        await Cmd.RunAsync("ip", ["netns", "add", ns], cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await Cmd.IpBatchAsync(ns,
            [
                "link set lo up",
                $"link add eth0 address {mac} type veth peer name {vif} netns {host.Namespace}",
                $"addr add {vm.Address} dev eth0",
                "link set eth0 up",
            ], cancellationToken).ConfigureAwait(false);
            await Cmd.InNamespaceAsync(ns, "ethtool", ["-K", "eth0", "tx", "off"], null, cancellationToken).ConfigureAwait(false);
            await Cmd.IpBatchAsync(host.Namespace, [$"link set {vif} up"], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Cmd.TryAsync("ip", ["netns", "delete", ns], cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var record = new LabVmState(vm.Name, host.Name, ns, mac, vm.Address, vif);
        (state with { Vms = [.. state.Vms, record] }).Write(_lab.Options.StatePath);
        LabLog.VmBound(_logger, id, vm.Name, host.Name, vif);
        return new VmBinding(vm.Name, host.Name, host.Namespace, vif, ns);
    }

    /// <inheritdoc />
    public async Task UnbindAsync(string vm, CancellationToken cancellationToken = default)
    {
        using var stateLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var state = _lab.ReadState();
        var record = state.Vm(vm) ?? throw new LabException($"lab '{_lab.Options.Id}' has no VM named '{vm}'");
        // Processes started in the VM (lab exec ... &) would keep its namespace alive: end them by PID first.
        var pids = await Cmd.TryAsync("ip", ["netns", "pids", record.Namespace], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        foreach (var line in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line.Trim(), out var pid) && pid != Environment.ProcessId)
                await ProcessKiller.TerminateAsync(pid, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        }
        // The kernel removes a deleted namespace's interfaces asynchronously; deleting the host end first removes the
        // pair at once, so the vif is gone from the host when this returns.
        if (state.Node(record.Host) is { } host)
            await Cmd.TryAsync("ip", ["-n", host.Namespace, "link", "del", record.HostInterface], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        var deleted = await Cmd.TryAsync("ip", ["netns", "delete", record.Namespace], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!deleted.Succeeded && !deleted.StandardError.Contains("No such file", StringComparison.Ordinal))
            deleted.EnsureSuccess();
        (state with { Vms = [.. state.Vms.Where(v => v.Name != vm)] }).Write(_lab.Options.StatePath);
        LabLog.VmUnbound(_logger, _lab.Options.Id, vm);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The VM's namespace (and whatever runs in it) stays: only its veth is replaced, the old host's end deleted and a new
    /// pair created with the same MAC and address whose other end appears on <c>vm.Host</c>, as a live migration would.
    /// </remarks>
    public async Task<VmBinding> MoveAsync(VmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vm);
        CheckAddress(vm.Address);
        var id = _lab.Options.Id;
        using var stateLock = await LockAsync(cancellationToken).ConfigureAwait(false);
        var state = _lab.ReadState();
        var record = state.Vm(vm.Name) ?? throw new LabException($"lab '{id}' has no VM named '{vm.Name}'");
        var host = state.Node(vm.Host) ?? throw new LabException($"lab '{id}' has no host named '{vm.Host}'");
        if (host.Kind != LabNodeKind.Host)
            throw new LabException($"'{vm.Host}' is a {host.Kind.ToString().ToLowerInvariant()}, not a host");
        var mac = vm.Mac.ToLowerInvariant();
        var vif = LabNames.VifName(mac);
        if (state.Node(record.Host) is { } old)
            await Cmd.TryAsync("ip", ["-n", old.Namespace, "link", "del", record.HostInterface], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        await Cmd.TryAsync("ip", ["-n", record.Namespace, "link", "del", "eth0"], cancellationToken: cancellationToken).ConfigureAwait(false);
        await Cmd.IpBatchAsync(record.Namespace,
        [
            $"link add eth0 address {mac} type veth peer name {vif} netns {host.Namespace}",
            $"addr add {vm.Address} dev eth0",
            "link set eth0 up",
        ], cancellationToken).ConfigureAwait(false);
        await Cmd.InNamespaceAsync(record.Namespace, "ethtool", ["-K", "eth0", "tx", "off"], null, cancellationToken).ConfigureAwait(false);
        await Cmd.IpBatchAsync(host.Namespace, [$"link set {vif} up"], cancellationToken).ConfigureAwait(false);
        var moved = record with { Host = host.Name, Mac = mac, Address = vm.Address, HostInterface = vif };
        (state with { Vms = [.. state.Vms.Select(v => v.Name == vm.Name ? moved : v)] }).Write(_lab.Options.StatePath);
        LabLog.VmBound(_logger, id, vm.Name, host.Name, vif);
        return new VmBinding(vm.Name, host.Name, host.Namespace, vif, record.Namespace);
    }

    private static void CheckAddress(string address)
    {
        var parts = address.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var len) || len is < 0 or > 32)
            throw new LabException($"'{address}' is not an IPv4 address with a prefix length (like 10.0.1.5/24)");
    }

    /// <summary>Serializes state-file updates between concurrent <c>lab vm</c> commands.</summary>
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_lab.Options.Directory, "state.lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new LabException($"lab '{_lab.Options.Id}' is not up (no {_lab.Options.Directory})", e);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex VmNamePattern();
}
